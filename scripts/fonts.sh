#!/usr/bin/env bash
# Rebuilds assets/fonts/KilnSymbols.ttf, the window's symbol font: the few symbols Kiln's buttons
# and rows use (✎ ✕ ▸ ▾ ...), cut from DejaVu Sans and renamed "Kiln Symbols" (the Bitstream Vera
# licence of DejaVu asks that modified fonts drop the original names).
#
# Why a font of our own: iced lays text out with cosmic-text, which takes any glyph its font lacks
# from whatever fonts the system has. The text itself is in the embedded Fira Sans; with the
# symbols embedded too, every glyph the window draws comes from the binary, so it looks the same
# on every system and the screen snapshots in the tests do not depend on the fonts installed.
#
# Needs: fonts-dejavu-core (Debian) and fonttools (pip install fonttools). Not run by the tests:
# the result is committed, and `cargo test -p kiln --lib gui::fonts` checks that it covers every
# symbol the window uses.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SOURCE=${DEJAVU:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
SYMBOLS='✎✕▸▾▴✓✗⚠↑↓•⏏↻●○▶■'
OUT=assets/fonts/KilnSymbols.ttf

unicodes=$(python3 -c 'import sys; print(",".join("U+%04X" % ord(c) for c in sys.argv[1]))' "$SYMBOLS")
pyftsubset "$SOURCE" --unicodes="U+0020,$unicodes" --output-file="$OUT.tmp" \
    --layout-features='' --no-hinting --desubroutinize --drop-tables+=GSUB,GPOS,GDEF
python3 - "$OUT.tmp" "$OUT" <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1])
names = {1: "Kiln Symbols", 2: "Regular", 3: "Kiln Symbols Regular", 4: "Kiln Symbols",
         6: "KilnSymbols-Regular"}
table = font["name"]
for record in list(table.names):
    if record.nameID in (16, 17, 18, 21, 22):
        table.removeNames(nameID=record.nameID)
for name_id, value in names.items():
    table.setName(value, name_id, 3, 1, 0x409)
    table.setName(value, name_id, 1, 0, 0)
font.save(sys.argv[2])
PY
rm -f "$OUT.tmp"
ls -l "$OUT"
