# Kiln — English messages (the reference catalogue: every other locale must have every key).

cli-about = Burn audio CDs and data discs, or write them to image files.
cli-no-window = The Kiln window is not part of this build yet. Use the command line: run `kiln --help`.
cli-error = error: { $message }
cli-warning = warning: { $message }
cli-progress = Writing: { $percent }% ({ $done } of { $total } MB)
cli-preparing = Preparing…
cli-done-image = Wrote { $path }: { $blocks } blocks ({ $mb } MB).
cli-done-simulated = Simulation finished: { $blocks } blocks ({ $mb } MB) read and checked; nothing was written.
cli-recorders-header = ID	KIND	NAME
cli-kind-image = image-file
cli-kind-drive = drive
cli-kind-emulated = emulated
cli-need-target = Say where to record: --to FILE.iso, or --recorder ID (see `kiln recorders`).
cli-bad-graft = '{ $graft }' is not DISC_PATH=SOURCE (for example /Photos=/home/me/pics).
cli-bad-medium = '{ $medium }' is not a medium size; use one of: { $choices }.
cli-inspect-clean = { $image }: no structural errors ({ $warnings } warnings); { $files } files and { $dirs } folders in ISO 9660, { $jfiles } files and { $jdirs } folders in Joliet.
cli-inspect-errors = { $image }: { $errors } structural errors, { $warnings } warnings.
cli-cancelled = Cancelled; nothing was written.
