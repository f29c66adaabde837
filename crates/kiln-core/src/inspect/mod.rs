//! `kiln inspect`: a strict structural linter for ISO 9660 / Joliet / Rock Ridge images.
