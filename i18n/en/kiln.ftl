# Kiln — English messages (the reference catalogue: every other locale must have every key).

cli-about = Burn audio CDs and data discs, or write them to image files.
cli-no-window = The Kiln window could not open ({ $message }). The command line still works: run `kiln --help`.
cli-error = error: { $message }
cli-warning = warning: { $message }
cli-progress = Writing: { $percent }% ({ $done } of { $total } MB)
cli-progress-verify = Verifying: { $percent }% ({ $done } of { $total } MB read back)
cli-preparing = Preparing…
cli-done-image = Wrote { $path }: { $blocks } blocks ({ $mb } MB).
cli-done-simulated = Simulation finished: { $blocks } blocks ({ $mb } MB) read and checked; nothing was written.
cli-recorders-header = ID	KIND	NAME
cli-kind-image = image-file
cli-kind-drive = drive
cli-kind-emulated = emulated
cli-kind-reader = reader (cannot record)
cli-yes = yes
cli-no = no
cli-drive-drive = drive
cli-drive-writer = writer
cli-drive-profiles = profiles
cli-drive-medium = medium
cli-drive-none = none (no disc)
cli-drive-status = status
cli-drive-blocks = blocks
cli-drive-status-blank = blank
cli-drive-status-appendable = appendable
cli-drive-status-complete = closed (finalized)
cli-drive-status-random = random-access
cli-verified = The disc in { $recorder } reads back identical to { $image }.
cli-need-target = Say where to record: --to FILE.iso, or --recorder ID (see `kiln recorders`).
cli-unknown-word = '{ $word }' is neither a command nor an existing file or folder: run `kiln --help` for the commands.
cli-bad-graft = '{ $graft }' is not DISC_PATH=SOURCE (for example /Photos=/home/me/pics).
cli-bad-medium = '{ $medium }' is not a medium size; use one of: { $choices }.
cli-inspect-clean = { $image }: no structural errors ({ $warnings } warnings); { $files } files and { $dirs } folders in ISO 9660, { $jfiles } files and { $jdirs } folders in Joliet.
cli-inspect-errors = { $image }: { $errors } structural errors, { $warnings } warnings.
cli-cancelled = Cancelled; nothing was written.
cli-need-audio-target = Say where to record: --to DISC.cue (writes DISC.bin beside it), or --recorder ID (see `kiln recorders`).
cli-burn-what = Say what to burn: `kiln burn data ...`, `kiln burn audio ...`, or `kiln burn --project FILE.kiln` (see `kiln burn --help`).
cli-project-incomplete = { $count ->
    [one] one source of { $path } did not load (see above): nothing was burned.
   *[other] { $count } sources of { $path } did not load (see above): nothing was burned.
}
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
cli-progress-drive = Writing: { $percent }% ({ $done } of { $total } MB) at { $speed } · buffer { $host } · drive { $drive } · { $elapsed } elapsed, { $remaining } left
cli-unknown = ?
cli-closing = Closing the disc (about { $seconds } s)…
cli-bad-speed = '{ $speed }' is not a write speed: give a multiple of the disc's 1× speed, such as 8, 16 or 52 (`kiln media ID` lists what the drive offers).
cli-media-profile = Medium: { $profile }
cli-media-status = Status: { $status }
cli-media-sessions = Sessions: { $sessions }
cli-media-free = Free: { $blocks } blocks ({ $mb } MB)
cli-media-free-unknown = Free: unknown (the drive does not say)
cli-media-speeds = Write speeds: { $speeds }
cli-media-no-speeds = Write speeds: none offered for this disc
cli-status-blank = blank
cli-status-appendable = appendable (more sessions can be added)
cli-status-complete = closed (finalized)
cli-status-other = rewritable, random access

# The window.
gui-language-name = English
gui-language = Language
gui-theme = Theme
gui-theme-system = As the system
gui-theme-light = Light
gui-theme-dark = Dark
gui-log = { $warnings ->
    [0] Log
    [one] Log (1 warning)
   *[other] Log ({ $warnings } warnings)
}
gui-log-notes = Naming notes ({ $count })
gui-log-empty = Nothing logged yet.
gui-log-error = Error: { $text }
gui-log-warning = Warning: { $text }
gui-log-info = { $text }
gui-settings-not-saved = Settings not saved: { $message }
gui-format-data = Data disc
gui-format-audio = Audio CD
gui-recorder = Recorder
gui-recorder-image = Image file
gui-disc-blank = blank
gui-disc-appendable = open for more sessions
gui-disc-complete = closed (finalized)
gui-disc-rewritable = rewritable
gui-disc-sessions = { $count ->
    [one] 1 session
   *[other] { $count } sessions
}
gui-disc-free = { $size } free
gui-disc-speeds = writes at { $speeds }
gui-recorder-gone = The recorder “{ $name }” is gone (unplugged or switched off): the image file is chosen instead. Choose another recorder before burning if you want one.
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
gui-col-performer = Performer
gui-col-length = Length
gui-col-pregap = Pregap
gui-notes = { $count ->
    [one] 1 note
   *[other] { $count } notes
}
gui-notes-more = …and { $count } more
gui-track = Track { $number }
gui-performer-hint = No performer
gui-move-up = Move up (Alt+↑)
gui-move-down = Move down (Alt+↓)
gui-remove-track = Remove from the disc (Delete)
gui-rename = Rename on the disc (Enter to confirm)
gui-remove-entry = Remove from the disc
gui-new-folder = New folder
gui-new-folder-name = New folder
gui-add-into = Add into
gui-into-root = / (the root)
gui-adding = Adding… { $done } items so far
gui-cancel = Cancel
gui-meter = { $used } of { $total }
gui-meter-fits = Fits: { $free } free
gui-meter-overburn = Overburn: { $excess } too long; some drives or blanks refuse it
gui-meter-does-not-fit = Does not fit: { $excess } too much
gui-label = Label
gui-album-title = Album title
gui-album-title-hint = No CD-TEXT title
gui-album-performer = Album performer
gui-simulate = Simulate
gui-verify = Verify after burning
gui-multisession = Leave the disc open
gui-speed = Speed
gui-speed-max = Fastest
gui-speed-x = { $times }× ({ $kbps } kB/s)
gui-eject = Eject when done
gui-image-path = Image file
gui-virtual-path = Save the disc to
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
gui-phase-writing-track = Writing track { $track } of { $total }…
gui-phase-closing-estimate = Closing the disc (about { $seconds } s)…
gui-phase-verifying = Verifying: reading the disc back…
gui-speed-now = Speed { $speed }×
gui-host-buffer = Kiln's buffer
gui-drive-buffer = Drive buffer
gui-buffer-unknown = not reported
gui-percent = { $percent }%
gui-elapsed = Elapsed { $time }
gui-remaining = Remaining { $time }
gui-tracks-done = Track { $done } of { $total }
gui-confirm-cancel = Cancel the burn? A disc being written may be left unusable; an image file is not left behind half-written.
gui-confirm-cancel-yes = Cancel the burn
gui-keep-burning = Keep burning
gui-open-project = Open project…
gui-save-project = Save project…
gui-project-filter = Kiln project
gui-confirm-open = The compilation has changes that are not saved in a project. Open another project and lose them?
gui-confirm-open-yes = Open and lose the changes
gui-title = Kiln
gui-title-project = { $name } – Kiln
gui-title-modified = *{ $name } – Kiln
gui-untitled = Untitled
gui-result-done = Done
gui-result-simulated = Simulation finished: nothing was written
gui-result-cancelled = Cancelled
gui-result-failed = The burn failed
gui-result-nothing-written = The burn was stopped.
gui-result-size = { $size } recorded
gui-result-path = Written to { $path }
gui-verified = Verified: the disc reads back exactly as it was sent.
gui-left-open = The disc was left open: it can take more sessions.
gui-new-disc = New compilation
gui-error-read-folder = Cannot read the folder { $path }: { $reason }
gui-error-name = “{ $name }” cannot be a name on the disc: give a name without “/”.
gui-error-name-taken = The disc already has “{ $name }” in its root: choose another name.
cli-erased = Erased the disc in { $recorder }.

## Core errors (kiln_core::Error::localized). The English text must stay the core's Display text.

error-not-opened = the disc master is not open: call open() first
error-already-opened = the disc master is already open: close it before opening it again
error-no-active-format = no disc format is chosen: choose data or audio first
error-no-active-recorder = no recorder is chosen: pick a recorder (or an image file) first
error-wrong-format = this works only on a { $expected } disc, but the active format is { $active }: switch the format first
error-format-unavailable = the { $format } format is not available: { $reason }
error-unknown-recorder = there is no recorder '{ $id }': run `kiln recorders` to list them
error-disc-full = the disc is full: this needs { $missing_blocks } more blocks ({ NUMBER($missing_mb, minimumFractionDigits: 1) } MB) than the { $medium } has free; nothing was added. Remove something, or choose a larger medium
error-file-exists = '{ $disc_path }' is already on the disc, and '{ $incoming }' would take its place: nothing was added. Rename one of them, or add with the replace policy
error-kind-conflict = '{ $disc_path }' is a folder in one source and a file in another ('{ $incoming }'): rename one of them
error-invalid-name = '{ $name }' cannot be a name on the disc: { $reason }
error-invalid-disc-path = '{ $disc_path }' is not a usable path on the disc: { $reason }
error-track-open = an audio track is still open: close it before this
error-track-not-open = no audio track is open: create a track first
error-source-missing = '{ $path }' does not exist (was it moved or deleted?): put it back or remove it from the compilation
error-source-unreadable = cannot read '{ $path }': { $source }. Check its permissions, or leave it out
error-source-changed = '{ $path }' changed after it was added ({ $what }): the write was stopped so no inconsistent disc is made. Add it again and restart
error-symlink-loop = '{ $path }' is a symbolic link loop (it leads back to '{ $target }'): remove the link, or do not follow links
error-dangling-symlink = '{ $path }' is a symbolic link to something that does not exist ('{ $target }'): fix or remove the link, or do not follow links
error-nothing-staged = nothing is staged: add files, folders or tracks first
error-medium-not-present = there is no disc in { $recorder }: insert a writable disc
error-medium-invalid = the disc in { $recorder } cannot be used: { $reason }
error-device-not-accessible = cannot use { $recorder }: { $reason }
error-loss-of-streaming = { $recorder } ran out of data while writing (buffer underrun): the disc is probably unusable. Close other programs, lower the speed, or turn on buffer-underrun protection
error-verify-failed = the disc in { $recorder } failed verification: { $reason }. The disc is not reliable: burn it again, on another disc or at a lower speed
error-user-abort = cancelled by the user
error-output-failed = cannot write '{ $path }': { $source }. Check the free space and permissions there
error-invalid-image = '{ $path }' is not a usable disc image: { $reason }
error-too-many-folders = the compilation has { $folders } folders, more than the 65,535 an ISO 9660 disc can list: group some files into fewer folders
error-special-file = '{ $path }' is a special file (FIFO, socket or device), which a disc cannot hold: leave it out
error-corrupt-audio = '{ $path }' is damaged audio ({ $reason }): re-rip or re-download it, or leave it out
error-unsupported-audio = '{ $path }' is not an audio format Kiln can read ({ $reason }): convert it to FLAC, WAV or MP3 first
error-track-too-short = audio track { $track } is only { $blocks } blocks long, but a CD track must last at least 4 seconds (300 blocks): lengthen it, or join it to a neighbour
error-too-many-tracks = an audio CD holds at most 99 tracks, and this would make { $count }: remove some tracks, or join them
error-partial-block = raw audio must come in whole 2352-byte blocks (588 stereo 16-bit samples), but { $bytes } bytes were given: pad the data with silence to a multiple of 2352 bytes

## Naming notes (kiln_core::data::NamingNote::localized). The English text must stay the core's Display text.

note-renamed = { $disc_path }: recorded as '{ $recorded }' in { $namespace }
note-longer-than-spec = { $disc_path }: name of { $chars } characters kept whole in { $namespace } (the specification allows 64; Windows reads it)
note-path-longer-than-spec = { $disc_path }: path of { $bytes } bytes kept in { $namespace } (the specification allows 240; Windows reads it)
note-symlink-only-in-rock-ridge = { $disc_path }: symbolic link to '{ $target }' is recorded as a link only for Linux/macOS (Rock Ridge); Windows will not see it
note-special-file-skipped = { $disc_path }: special file (FIFO, socket or device) left out; discs cannot hold it
note-date-clamped = { $disc_path }: date outside what { $namespace } can hold, recorded as { $recorded }
note-relocated = { $disc_path }: folder deeper than ISO 9660's 8 levels, moved to /rr_moved for plain ISO 9660 readers (Linux/macOS see it in place)
note-link-leaves-compilation = { $disc_path }: symbolic link to '{ $target }', which is outside the compilation
note-not-unicode = { $disc_path }: the source name is not valid UTF-8; undecodable bytes were replaced with U+FFFD
notice-cd-text-unsupported = { $recorder } cannot write CD-TEXT: the disc is burned without titles and performers (a CUE or TOC image file keeps them)
notice-cd-text-refused = { $recorder } refused CD-TEXT ({ $detail }): the disc is burned without titles and performers (a CUE or TOC image file keeps them)
error-project-read = cannot read the project '{ $path }': { $source }
error-project-write = cannot save the project '{ $path }': { $source }
error-project-not-a-project = '{ $path }' is not a Kiln project
error-project-damaged = the project '{ $path }' is damaged: { $reason }
error-project-newer = the project '{ $path }' was saved by a newer Kiln (project version { $version }; this Kiln reads up to version { $supported }): update Kiln to open it
error-project-not-unicode = '{ $path }' cannot be saved in a project: its name is not valid Unicode text. Rename it, or save without it
error-project-raw-track = track { $track } was added as raw audio, not from a file, so a project cannot name it
issue-project-missing = '{ $path }' is missing, so it was left out of the compilation
issue-project-changed = '{ $path }' has changed since the project was saved; the compilation has it as it is now
