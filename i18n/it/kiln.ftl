# Kiln — messaggi in italiano.

cli-about = Masterizza CD audio e dischi dati, o scrivili in file immagine.
cli-no-window = Impossibile aprire la finestra di Kiln ({ $message }). La riga di comando funziona comunque: esegui `kiln --help`.
cli-error = errore: { $message }
cli-warning = attenzione: { $message }
cli-progress = Scrittura: { $percent }% ({ $done } di { $total } MB)
cli-preparing = Preparazione…
cli-done-image = Scritto { $path }: { $blocks } blocchi ({ $mb } MB).
cli-done-simulated = Simulazione terminata: { $blocks } blocchi ({ $mb } MB) letti e controllati; non è stato scritto nulla.
cli-recorders-header = ID	TIPO	NOME
cli-kind-image = file-immagine
cli-kind-drive = unità
cli-kind-emulated = emulato
cli-need-target = Indica dove registrare: --to FILE.iso, oppure --recorder ID (vedi `kiln recorders`).
cli-bad-graft = '{ $graft }' non è nella forma PERCORSO_DISCO=ORIGINE (per esempio /Foto=/home/io/foto).
cli-bad-medium = '{ $medium }' non è una dimensione di supporto; usa una di: { $choices }.
cli-inspect-clean = { $image }: nessun errore strutturale ({ $warnings } avvisi); { $files } file e { $dirs } cartelle in ISO 9660, { $jfiles } file e { $jdirs } cartelle in Joliet.
cli-inspect-errors = { $image }: { $errors } errori strutturali, { $warnings } avvisi.
cli-cancelled = Annullato; non è stato scritto nulla.
cli-need-audio-target = Indica dove registrare: --to DISCO.cue (scrive DISCO.bin accanto), oppure --recorder ID (vedi `kiln recorders`).
cli-bad-audio-medium = '{ $medium }' non è una dimensione di CD audio; usa una di: cd74, cd80, cd90, cd99.
cli-bad-pregap = '{ $pregap }' non è una pausa valida: indica i secondi fra 0 e 600, per esempio 2 o 0.5 (0 unisce le tracce senza pausa).
cli-audio-overburn = il disco dura { $time }, { $excess } blocchi più di quanto contenga un CD da { $minutes } minuti: solo un overburn può registrarlo, e alcuni masterizzatori o dischi lo rifiutano. Togli una traccia, o scegli un supporto più grande con --medium.
cli-done-audio = Scritto { $path }: { $tracks } tracce, { $time }.
cli-done-audio-simulated = Simulazione terminata: { $tracks } tracce ({ $time }) decodificate e verificate; non è stato scritto nulla.
cli-cue-no-file = '{ $path }', riga { $line }: un TRACK o un INDEX compare prima di ogni FILE. Correggi il file CUE, o indica invece i file audio.
cli-cue-not-audio = '{ $path }', riga { $line }: su un CD audio possono andare solo tracce AUDIO. Indica un file CUE di sole tracce audio, o i file audio.
cli-cue-bad-time = '{ $path }', riga { $line }: il tempo non è nel formato mm:ss:ff (secondi sotto 60, frame sotto 75). Correggi il file CUE.
cli-cue-no-tracks = '{ $path }' non ha tracce: è davvero un file CUE? Indica invece i file audio.
cli-cue-no-index = '{ $path }': la traccia { $line } non ha INDEX 01, quindi non si sa dove inizi. Correggi il file CUE.

# La finestra.
gui-language-name = Italiano
gui-language = Lingua
gui-dark = Tema scuro
gui-settings-not-saved = Impostazioni non salvate: { $message }
gui-format-data = Disco dati
gui-format-audio = CD audio
gui-recorder = Masterizzatore
gui-recorder-image = File immagine
gui-medium = Misura per
gui-medium-recorder = Il disco nel masterizzatore
gui-medium-cd74 = CD, 74 min (650 MB)
gui-medium-cd80 = CD, 80 min (700 MB)
gui-medium-cd90 = CD, 90 min
gui-medium-cd99 = CD, 99 min
gui-medium-dvd = DVD (4,7 GB)
gui-medium-dvd-dl = DVD doppio strato (8,5 GB)
gui-medium-bd25 = Blu-ray (25 GB)
gui-medium-bd50 = Blu-ray doppio strato (50 GB)
gui-medium-unlimited = File immagine (senza limite)
gui-add-files = Aggiungi file…
gui-add-folder = Aggiungi cartella…
gui-clear = Svuota
gui-items = { $count ->
    [one] 1 elemento
   *[other] { $count } elementi
}
gui-empty-data = Trascina qui file e cartelle, oppure usa “Aggiungi file…” e “Aggiungi cartella…”.
gui-empty-audio = Trascina qui file audio (FLAC, WAV, MP3, Ogg…), oppure usa “Aggiungi file…”.
gui-col-name = Nome
gui-col-files = File
gui-col-size = Dimensione
gui-col-notes = Note sui nomi
gui-col-title = Titolo
gui-col-length = Durata
gui-col-pregap = Pregap
gui-notes = { $count ->
    [one] 1 nota
   *[other] { $count } note
}
gui-notes-more = …e altre { $count }
gui-track = Traccia { $number }
gui-adding = Aggiunta in corso… { $done } elementi finora
gui-cancel = Annulla
gui-meter = { $used } di { $total }
gui-meter-fits = Ci sta: { $free } liberi
gui-meter-overburn = Overburn: { $excess } di troppo; alcuni masterizzatori o dischi lo rifiutano
gui-meter-does-not-fit = Non ci sta: { $excess } di troppo
gui-label = Etichetta
gui-disc-title = Titolo del disco
gui-simulate = Simula
gui-verify = Verifica
gui-eject = Espelli alla fine
gui-image-path = File immagine
gui-choose = Scegli…
gui-burn = Masterizza
gui-dismiss = Chiudi
gui-errors-more = …e altri { $count } errori
gui-confirm-format = Passare a { $format }? Ciò che è in compilazione verrà rimosso.
gui-confirm-format-yes = Passa e rimuovi
gui-keep = Lascia com'è
gui-phase-preparing = Preparazione…
gui-phase-writing = Scrittura…
gui-phase-simulating = Simulazione…
gui-phase-closing = Chiusura…
gui-phase-cancelling = Annullamento…
gui-percent = { $percent }%
gui-elapsed = Trascorso { $time }
gui-remaining = Rimanente { $time }
gui-tracks-done = Traccia { $done } di { $total }
gui-confirm-cancel = Annullare la masterizzazione? Un disco in scrittura potrebbe diventare inutilizzabile; un file immagine non resta scritto a metà.
gui-confirm-cancel-yes = Annulla la masterizzazione
gui-keep-burning = Continua
gui-result-done = Fatto
gui-result-simulated = Simulazione terminata: non è stato scritto nulla
gui-result-cancelled = Annullato
gui-result-failed = La masterizzazione non è riuscita
gui-result-nothing-written = La masterizzazione è stata interrotta.
gui-result-size = { $size } registrati
gui-result-path = Scritto in { $path }
gui-verify-clean = Verificato: l'immagine non ha errori strutturali ({ $warnings } avvisi).
gui-verify-errors = La verifica ha trovato { $errors } errori strutturali e { $warnings } avvisi.
gui-new-disc = Nuova compilazione
