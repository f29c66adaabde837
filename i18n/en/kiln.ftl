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
cli-need-audio-target = Say where to record: --to DISC.cue (writes DISC.bin beside it), or --recorder ID (see `kiln recorders`).
cli-bad-audio-medium = '{ $medium }' is not an audio CD size; use one of: cd74, cd80, cd90, cd99.
cli-bad-pregap = '{ $pregap }' is not a pregap: give seconds between 0 and 600, such as 2 or 0.5 (0 joins tracks without a gap).
cli-audio-overburn = the disc lasts { $time }, { $excess } blocks more than a { $minutes }-minute CD holds: only an overburn can record it, and some drives or blanks refuse it. Leave out a track, or choose a larger medium with --medium.
cli-done-audio = Wrote { $path }: { $tracks } tracks, { $time }.
cli-done-audio-simulated = Simulation finished: { $tracks } tracks ({ $time }) decoded and checked; nothing was written.
cli-cue-no-file = '{ $path }', line { $line }: a TRACK or INDEX comes before any FILE. Fix the CUE sheet, or give the audio files instead.
cli-cue-not-audio = '{ $path }', line { $line }: only AUDIO tracks can go on an audio CD. Give an audio-only CUE sheet, or the audio files.
cli-cue-bad-time = '{ $path }', line { $line }: the time is not mm:ss:ff (seconds below 60, frames below 75). Fix the CUE sheet.
cli-cue-no-tracks = '{ $path }' has no tracks: is it a CUE sheet? Give the audio files instead.
cli-cue-no-index = '{ $path }': track { $line } has no INDEX 01, so where it starts is unknown. Fix the CUE sheet.
cli-erased = Erased the disc in { $recorder }.
