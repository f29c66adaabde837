# Kiln — messaggi in italiano.

cli-about = Masterizza CD audio e dischi dati, o scrivili in file immagine.
cli-no-window = La finestra di Kiln non fa ancora parte di questa versione. Usa la riga di comando: esegui `kiln --help`.
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
cli-erased = Disco in { $recorder } cancellato.
