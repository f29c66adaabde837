# Kiln — messaggi in italiano.

cli-about = Masterizza CD audio e dischi dati, o scrivili in file immagine.
cli-no-window = Impossibile aprire la finestra di Kiln ({ $message }). La riga di comando funziona comunque: esegui `kiln --help`.
cli-error = errore: { $message }
cli-warning = attenzione: { $message }
cli-progress = Scrittura: { $percent }% ({ $done } di { $total } MB)
cli-progress-verify = Verifica: { $percent }% ({ $done } di { $total } MB riletti)
cli-preparing = Preparazione…
cli-done-image = Scritto { $path }: { $blocks } blocchi ({ $mb } MB).
cli-done-simulated = Simulazione terminata: { $blocks } blocchi ({ $mb } MB) letti e controllati; non è stato scritto nulla.
cli-recorders-header = ID	TIPO	NOME
cli-kind-image = file-immagine
cli-kind-drive = unità
cli-kind-emulated = emulato
cli-kind-reader = lettore (non masterizza)
cli-yes = sì
cli-no = no
cli-drive-drive = unità
cli-drive-writer = masterizzatore
cli-drive-profiles = profili
cli-drive-medium = supporto
cli-drive-none = nessuno (nessun disco)
cli-drive-status = stato
cli-drive-blocks = blocchi
cli-drive-status-blank = vergine
cli-drive-status-appendable = aggiungibile
cli-drive-status-complete = chiuso (finalizzato)
cli-drive-status-random = ad accesso casuale
cli-verified = Il disco in { $recorder } si rilegge identico a { $image }.
cli-need-target = Indica dove registrare: --to FILE.iso, oppure --recorder ID (vedi `kiln recorders`).
cli-appending = { $recorder } contiene un disco lasciato aperto per altre sessioni ({ $sessions } finora): i file della sua ultima sessione (dal blocco { $start }) restano, e una nuova sessione viene aggiunta al blocco { $nwa } ({ $free } blocchi liberi). I file aggiunti sostituiscono quelli vecchi con lo stesso percorso.
cli-overwriting = il disco in { $recorder } contiene dei file, che vengono sovrascritti. Aggiungi --append per mantenerli e aggiungere i nuovi file dopo di loro
cli-unknown-word = '{ $word }' non è un comando né un file o una cartella esistente: esegui `kiln --help` per i comandi.
cli-bad-graft = '{ $graft }' non è nella forma PERCORSO_DISCO=ORIGINE (per esempio /Foto=/home/io/foto).
cli-bad-medium = '{ $medium }' non è una dimensione di supporto; usa una di: { $choices }.
cli-inspect-clean = { $image }: nessun errore strutturale ({ $warnings } avvisi); { $files } file e { $dirs } cartelle in ISO 9660, { $jfiles } file e { $jdirs } cartelle in Joliet.
cli-inspect-errors = { $image }: { $errors } errori strutturali, { $warnings } avvisi.
cli-cancelled = Annullato; non è stato scritto nulla.
cli-need-audio-target = Indica dove registrare: --to DISCO.cue (scrive DISCO.bin accanto), oppure --recorder ID (vedi `kiln recorders`).
cli-burn-what = Indica cosa masterizzare: `kiln burn data ...`, `kiln burn audio ...` oppure `kiln burn --project FILE.kiln` (vedi `kiln burn --help`).
cli-project-incomplete = { $count ->
    [one] una sorgente di { $path } non si è caricata (vedi sopra): non è stato masterizzato nulla.
   *[other] { $count } sorgenti di { $path } non si sono caricate (vedi sopra): non è stato masterizzato nulla.
}
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
cli-progress-drive = Scrittura: { $percent }% ({ $done } di { $total } MB) a { $speed } · buffer { $host } · unità { $drive } · { $elapsed } trascorsi, { $remaining } rimanenti
cli-unknown = ?
cli-closing = Chiusura del disco (circa { $seconds } s)…
cli-bad-speed = '{ $speed }' non è una velocità di scrittura: indica un multiplo della velocità 1× del disco, come 8, 16 o 52 (`kiln media ID` elenca quelle offerte dall'unità).
cli-media-profile = Supporto: { $profile }
cli-media-status = Stato: { $status }
cli-media-sessions = Sessioni: { $sessions }
cli-media-session =   sessione { $number }: dal blocco { $start }
cli-media-appendable = Il disco è lasciato aperto: `kiln burn data --recorder ID` aggiunge una sessione sopra l'ultima, mantenendone i file.
cli-media-free = Libero: { $blocks } blocchi ({ $mb } MB)
cli-media-free-unknown = Libero: sconosciuto (l'unità non lo indica)
cli-media-speeds = Velocità di scrittura: { $speeds }
cli-media-no-speeds = Velocità di scrittura: nessuna offerta per questo disco
cli-status-blank = vuoto
cli-status-appendable = aggiungibile (si possono aggiungere sessioni)
cli-status-complete = chiuso (finalizzato)
cli-status-other = riscrivibile, ad accesso casuale

# La finestra.
gui-language-name = Italiano
gui-language = Lingua
gui-theme = Tema
gui-theme-system = Come il sistema
gui-theme-light = Chiaro
gui-theme-dark = Scuro
gui-log = { $warnings ->
    [0] Registro
    [one] Registro (1 avviso)
   *[other] Registro ({ $warnings } avvisi)
}
gui-log-notes = Note sui nomi ({ $count })
gui-log-empty = Ancora niente nel registro.
gui-log-error = Errore: { $text }
gui-log-warning = Avviso: { $text }
gui-log-info = { $text }
gui-settings-not-saved = Impostazioni non salvate: { $message }
gui-format-data = Disco dati
gui-format-audio = CD audio
gui-recorder = Masterizzatore
gui-recorder-image = File immagine
gui-disc-blank = vuoto
gui-disc-appendable = aperto per altre sessioni
gui-disc-complete = chiuso (finalizzato)
gui-disc-rewritable = riscrivibile
gui-disc-sessions = { $count ->
    [one] 1 sessione
   *[other] { $count } sessioni
}
gui-disc-free = { $size } liberi
gui-disc-speeds = scrive a { $speeds }
gui-recorder-gone = Il masterizzatore “{ $name }” non c’è più (scollegato o spento): al suo posto è scelto il file immagine. Scegli un altro masterizzatore prima di masterizzare, se ti serve.
gui-medium = Misura per
gui-medium-recorder = Il disco nel masterizzatore
gui-medium-cd74 = CD, 74 min (650 MB)
gui-medium-cd80 = CD, 80 min (700 MB)
gui-medium-cd90 = CD, 90 min
gui-medium-cd99 = CD, 99 min
gui-medium-dvd = DVD (4,7 GB)
gui-medium-dvd-dl = DVD doppio strato (8,5 GB)
gui-medium-dvd-r-dl = DVD-R DL (8,5 GB)
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
gui-col-performer = Interprete
gui-col-length = Durata
gui-col-pregap = Pregap
gui-notes = { $count ->
    [one] 1 nota
   *[other] { $count } note
}
gui-notes-more = …e altre { $count }
gui-track = Traccia { $number }
gui-performer-hint = Nessun interprete
gui-move-up = Sposta su (Alt+↑)
gui-move-down = Sposta giù (Alt+↓)
gui-remove-track = Togli dal disco (Canc)
gui-rename = Rinomina sul disco (F2; Invio per confermare)
gui-remove-entry = Togli dal disco (Canc)
gui-new-folder = Nuova cartella
gui-new-folder-name = Nuova cartella
gui-into-root = / (la radice)
gui-adding-into = Si aggiunge in { $folder }
gui-adding = Aggiunta in corso… { $done } elementi finora
gui-cancel = Annulla
gui-meter = { $used } di { $total }
gui-meter-fits = Ci sta: { $free } liberi
gui-meter-overburn = Overburn: { $excess } di troppo; alcuni masterizzatori o dischi lo rifiutano
gui-meter-does-not-fit = Non ci sta: { $excess } di troppo
gui-label = Etichetta
gui-album-title = Titolo dell'album
gui-album-title-hint = Nessun titolo CD-TEXT
gui-album-performer = Interprete dell'album
gui-simulate = Simula
gui-verify = Verifica dopo la scrittura
gui-multisession = Lascia il disco aperto
gui-speed = Velocità
gui-speed-max = Massima
gui-speed-x = { $times }× ({ $kbps } kB/s)
gui-eject = Espelli alla fine
gui-image-path = File immagine
gui-virtual-path = Salva il disco in
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
gui-phase-writing-track = Scrittura della traccia { $track } di { $total }…
gui-phase-closing-estimate = Chiusura del disco (circa { $seconds } s)…
gui-phase-verifying = Verifica: rilettura del disco…
gui-speed-now = Velocità { $speed }×
gui-host-buffer = Buffer di Kiln
gui-drive-buffer = Buffer del masterizzatore
gui-buffer-unknown = non indicato
gui-percent = { $percent }%
gui-elapsed = Trascorso { $time }
gui-remaining = Rimanente { $time }
gui-tracks-done = Traccia { $done } di { $total }
gui-confirm-cancel = Annullare la masterizzazione? Un disco in scrittura potrebbe diventare inutilizzabile; un file immagine non resta scritto a metà.
gui-confirm-cancel-yes = Annulla la masterizzazione
gui-keep-burning = Continua
gui-open-project = Apri progetto…
gui-save-project = Salva progetto…
gui-project-filter = Progetto di Kiln
gui-confirm-open = La compilazione ha modifiche non salvate in un progetto. Aprire un altro progetto e perderle?
gui-confirm-open-yes = Apri e perdi le modifiche
gui-title = Kiln
gui-title-project = { $name } – Kiln
gui-title-modified = *{ $name } – Kiln
gui-untitled = Senza titolo
gui-result-done = Fatto
gui-result-simulated = Simulazione terminata: non è stato scritto nulla
gui-result-cancelled = Annullato
gui-result-failed = La masterizzazione non è riuscita
gui-result-nothing-written = La masterizzazione è stata interrotta.
gui-result-size = { $size } registrati
gui-result-path = Scritto in { $path }
gui-verified = Verificato: il disco si rilegge esattamente come è stato inviato.
gui-left-open = Il disco è stato lasciato aperto: può ricevere altre sessioni.
gui-appended = È stata aggiunta una nuova sessione dal blocco { $block }: i file già presenti sul disco restano.
gui-new-disc = Nuova compilazione
gui-error-read-folder = Impossibile leggere la cartella { $path }: { $reason }
gui-error-name = «{ $name }» non può essere un nome sul disco: scegli un nome senza «/».
gui-error-name-taken = Il disco ha già «{ $name }» nella radice: scegli un altro nome.
gui-error-name-taken-in = La cartella «{ $folder }» ha già «{ $name }»: scegli un altro nome.
cli-erased = Disco in { $recorder } cancellato.

## Errori del core (kiln_core::Error::localized).

error-not-opened = il disc master non è aperto: chiama prima open()
error-already-opened = il disc master è già aperto: chiudilo prima di riaprirlo
error-no-active-format = non è stato scelto un formato di disco: scegli prima dati o audio
error-no-active-recorder = non è stato scelto un masterizzatore: scegline prima uno (o un file immagine)
error-wrong-format = questa operazione vale solo per un disco { $expected ->
        [data] dati
       *[other] { $expected }
    }, ma è attivo il formato { $active ->
        [data] dati
       *[other] { $active }
    }: cambia prima il formato
error-format-unavailable = il formato { $format ->
        [data] dati
       *[other] { $format }
    } non è disponibile: { $reason }
error-unknown-recorder = non esiste il masterizzatore '{ $id }': esegui `kiln recorders` per vederne l'elenco
error-disc-full = il disco è pieno: { $missing_blocks ->
        [one] serve { $missing_blocks } blocco
       *[other] servono { $missing_blocks } blocchi
    } ({ NUMBER($missing_mb, minimumFractionDigits: 1) } MB) in più di quelli liberi sul supporto ({ $medium }); non è stato aggiunto nulla. Togli qualcosa, o scegli un supporto più grande
error-file-exists = '{ $disc_path }' è già sul disco, e '{ $incoming }' ne prenderebbe il posto: non è stato aggiunto nulla. Rinomina uno dei due, o aggiungi scegliendo di sostituire
error-kind-conflict = '{ $disc_path }' è una cartella in un'origine e un file in un'altra ('{ $incoming }'): rinomina uno dei due
error-invalid-name = '{ $name }' non può essere un nome sul disco: { $reason }
error-invalid-disc-path = '{ $disc_path }' non è un percorso utilizzabile sul disco: { $reason }
error-track-open = una traccia audio è ancora aperta: chiudila prima di proseguire
error-track-not-open = nessuna traccia audio è aperta: crea prima una traccia
error-source-missing = '{ $path }' non esiste (è stato spostato o eliminato?): rimettilo al suo posto o toglilo dalla compilation
error-source-unreadable = impossibile leggere '{ $path }': { $source }. Controllane i permessi, o escludilo
error-source-changed = '{ $path }' è cambiato dopo essere stato aggiunto ({ $what }): la scrittura è stata interrotta per non creare un disco incoerente. Aggiungilo di nuovo e ricomincia
error-symlink-loop = '{ $path }' è un ciclo di collegamenti simbolici (riporta a '{ $target }'): rimuovi il collegamento, o non seguire i collegamenti
error-dangling-symlink = '{ $path }' è un collegamento simbolico a qualcosa che non esiste ('{ $target }'): correggi o rimuovi il collegamento, o non seguire i collegamenti
error-nothing-staged = non c'è nulla da registrare: aggiungi prima file, cartelle o tracce
error-medium-not-present = non c'è nessun disco in { $recorder }: inserisci un disco scrivibile
error-medium-invalid = il disco in { $recorder } non si può usare: { $reason }
error-disc-closed = il disco in { $recorder } è chiuso (finalizzato): non gli si può aggiungere una sessione. Inserisci un disco vuoto, o uno lasciato aperto per altre sessioni (kiln burn data --multisession)
error-last-session-unreadable = l'ultima sessione del disco in { $recorder } (dal blocco { $session_start }) non si può importare: { $reason }. Non è stato scritto nulla; inserisci un disco vuoto
error-append-point-moved = il disco in { $recorder } è cambiato da quando la sua ultima sessione è stata importata (il prossimo blocco scrivibile è { $found }, non { $planned }): non è stato scritto nulla. Svuota la compilation e preparala di nuovo, così che il disco venga riletto
error-device-not-accessible = impossibile usare { $recorder }: { $reason }
error-loss-of-streaming = { $recorder } è rimasto senza dati durante la scrittura (buffer underrun): il disco è probabilmente inutilizzabile. Chiudi gli altri programmi, riduci la velocità, o attiva la protezione dal buffer underrun
error-verify-failed = il disco in { $recorder } non ha superato la verifica: { $reason }. Il disco non è affidabile: masterizzalo di nuovo, su un altro disco o a una velocità più bassa
error-user-abort = annullato dall'utente
error-output-failed = impossibile scrivere '{ $path }': { $source }. Controlla lo spazio libero e i permessi in quella posizione
error-invalid-image = '{ $path }' non è un'immagine disco utilizzabile: { $reason }
error-too-many-folders = la compilation ha { $folders } cartelle, più delle 65.535 che un disco ISO 9660 può elencare: raggruppa alcuni file in meno cartelle
error-special-file = '{ $path }' è un file speciale (FIFO, socket o dispositivo), che un disco non può contenere: escludilo
error-corrupt-audio = '{ $path }' contiene audio danneggiato ({ $reason }): estrailo di nuovo dal CD o riscaricalo, oppure escludilo
error-unsupported-audio = '{ $path }' non è in un formato audio che Kiln sa leggere ({ $reason }): convertilo prima in FLAC, WAV o MP3
error-track-too-short = la traccia audio { $track } dura solo { $blocks ->
        [one] { $blocks } blocco
       *[other] { $blocks } blocchi
    }, ma una traccia di CD deve durare almeno 4 secondi (300 blocchi): allungala, o uniscila a una traccia vicina
error-too-many-tracks = un CD audio può contenere al massimo 99 tracce, e così sarebbero { $count }: togli alcune tracce, o uniscile
error-partial-block = l'audio grezzo deve arrivare in blocchi interi da 2352 byte (588 campioni stereo a 16 bit), ma { $bytes ->
        [one] è stato fornito { $bytes } byte
       *[other] sono stati forniti { $bytes } byte
    }: completa i dati con silenzio fino a un multiplo di 2352 byte

## Note sui nomi (kiln_core::data::NamingNote::localized).

note-renamed = { $disc_path }: registrato come '{ $recorded }' in { $namespace }
note-longer-than-spec = { $disc_path }: nome di { $chars } caratteri mantenuto intero in { $namespace } (la specifica ne ammette 64; Windows lo legge)
note-path-longer-than-spec = { $disc_path }: percorso di { $bytes } byte mantenuto in { $namespace } (la specifica ne ammette 240; Windows lo legge)
note-symlink-only-in-rock-ridge = { $disc_path }: il collegamento simbolico a '{ $target }' è registrato come collegamento solo per Linux/macOS (Rock Ridge); Windows non lo vedrà
note-special-file-skipped = { $disc_path }: file speciale (FIFO, socket o dispositivo) escluso; i dischi non possono contenerlo
note-date-clamped = { $disc_path }: data fuori dall'intervallo che { $namespace } può rappresentare, registrata come { $recorded }
note-relocated = { $disc_path }: cartella più profonda degli 8 livelli di ISO 9660, spostata in /rr_moved per i lettori solo ISO 9660 (Linux/macOS la vedono al suo posto)
note-link-leaves-compilation = { $disc_path }: collegamento simbolico a '{ $target }', che è fuori dalla compilation
note-not-unicode = { $disc_path }: il nome nell'origine non è UTF-8 valido; i byte non decodificabili sono stati sostituiti con U+FFFD
notice-cd-text-unsupported = { $recorder } non sa scrivere il CD-TEXT: il disco viene masterizzato senza titoli e interpreti (un file immagine CUE o TOC li conserva)
notice-cd-text-refused = { $recorder } ha rifiutato il CD-TEXT ({ $detail }): il disco viene masterizzato senza titoli e interpreti (un file immagine CUE o TOC li conserva)
error-project-read = impossibile leggere il progetto '{ $path }': { $source }
error-project-write = impossibile salvare il progetto '{ $path }': { $source }
error-project-not-a-project = '{ $path }' non è un progetto di Kiln
error-project-damaged = il progetto '{ $path }' è danneggiato: { $reason }
error-project-newer = il progetto '{ $path }' è stato salvato da un Kiln più recente (versione del progetto { $version }; questo Kiln legge fino alla versione { $supported }): aggiorna Kiln per aprirlo
error-project-not-unicode = '{ $path }' non può essere salvato in un progetto: il suo nome non è testo Unicode valido. Rinominalo, o salva senza
error-project-raw-track = la traccia { $track } è stata aggiunta come audio grezzo, non da un file, quindi un progetto non può indicarla
issue-project-missing = '{ $path }' non c'è più, quindi è stato lasciato fuori dalla compilazione
issue-project-changed = '{ $path }' è cambiato da quando il progetto è stato salvato; la compilazione lo contiene com'è ora
