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
