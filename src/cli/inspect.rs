//! `kiln inspect IMAGE`: the structural linter's findings; exit 1 when there are errors.

use std::path::Path;

use super::Failure;
use crate::i18n::Texts;

pub fn run(_texts: &Texts, _image: &Path) -> Result<(), Failure> {
    Err(Failure::Usage("inspect is being built".into()))
}
