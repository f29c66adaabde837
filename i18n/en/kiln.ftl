# Kiln — English messages (the reference catalogue: every other locale must have every key).

cli-about = Burn audio CDs and data discs, or write them to image files.
cli-no-window = The Kiln window could not open ({ $message }). The command line still works: run `kiln --help`.
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

# The window.
gui-language-name = English
gui-language = Language
gui-dark = Dark theme
gui-settings-not-saved = Settings not saved: { $message }
gui-format-data = Data disc
gui-format-audio = Audio CD
gui-recorder = Recorder
gui-recorder-image = Image file
gui-medium = Measure for
gui-medium-recorder = The disc in the recorder
gui-medium-cd74 = CD, 74 min (650 MB)
gui-medium-cd80 = CD, 80 min (700 MB)
gui-medium-cd90 = CD, 90 min
gui-medium-cd99 = CD, 99 min
gui-medium-dvd = DVD (4.7 GB)
gui-medium-dvd-dl = DVD dual layer (8.5 GB)
gui-medium-bd25 = Blu-ray (25 GB)
gui-medium-bd50 = Blu-ray dual layer (50 GB)
gui-medium-unlimited = Image file (no limit)
gui-add-files = Add files…
gui-add-folder = Add folder…
gui-clear = Clear
gui-items = { $count ->
    [one] 1 item
   *[other] { $count } items
}
gui-empty-data = Drop files and folders here, or use “Add files…” and “Add folder…”.
gui-empty-audio = Drop audio files here (FLAC, WAV, MP3, Ogg…), or use “Add files…”.
gui-col-name = Name
gui-col-files = Files
gui-col-size = Size
gui-col-notes = Naming notes
gui-col-title = Title
gui-col-length = Length
gui-col-pregap = Pregap
gui-notes = { $count ->
    [one] 1 note
   *[other] { $count } notes
}
gui-notes-more = …and { $count } more
gui-track = Track { $number }
gui-adding = Adding… { $done } items so far
gui-cancel = Cancel
gui-meter = { $used } of { $total }
gui-meter-fits = Fits: { $free } free
gui-meter-overburn = Overburn: { $excess } too long; some drives or blanks refuse it
gui-meter-does-not-fit = Does not fit: { $excess } too much
gui-label = Label
gui-disc-title = Disc title
gui-simulate = Simulate
gui-verify = Verify
gui-eject = Eject when done
gui-image-path = Image file
gui-choose = Choose…
gui-burn = Burn
gui-dismiss = Dismiss
gui-errors-more = …and { $count } more errors
gui-confirm-format = Switch to { $format }? What is staged now will be removed.
gui-confirm-format-yes = Switch and remove
gui-keep = Keep it
gui-phase-preparing = Preparing…
gui-phase-writing = Writing…
gui-phase-simulating = Simulating…
gui-phase-closing = Closing…
gui-phase-cancelling = Cancelling…
gui-percent = { $percent }%
gui-elapsed = Elapsed { $time }
gui-remaining = Remaining { $time }
gui-tracks-done = Track { $done } of { $total }
gui-confirm-cancel = Cancel the burn? A disc being written may be left unusable; an image file is not left behind half-written.
gui-confirm-cancel-yes = Cancel the burn
gui-keep-burning = Keep burning
gui-result-done = Done
gui-result-simulated = Simulation finished: nothing was written
gui-result-cancelled = Cancelled
gui-result-failed = The burn failed
gui-result-nothing-written = The burn was stopped.
gui-result-size = { $size } recorded
gui-result-path = Written to { $path }
gui-verify-clean = Verified: the image has no structural errors ({ $warnings } warnings).
gui-verify-errors = Verification found { $errors } structural errors and { $warnings } warnings.
gui-new-disc = New compilation
