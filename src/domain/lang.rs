//! The user's language lives with the text catalogue ([`crate::text`]); the domain names it.

use std::sync::OnceLock;

pub use crate::text::Lang;

/// Labels handed out as `&'static str` (the screens keep them in tables and frames): each value's
/// label is rendered from the catalogue once per language and kept for the life of the program.
pub(crate) struct Labels<const N: usize>([OnceLock<[String; N]>; 2]);

impl<const N: usize> Labels<N> {
    pub(crate) const fn new() -> Self {
        Labels([OnceLock::new(), OnceLock::new()])
    }

    /// The label of `value`, one of `all`, in `lang`; `render` makes each label the first time.
    pub(crate) fn get<T: Copy + PartialEq>(
        &'static self,
        all: [T; N],
        value: T,
        lang: Lang,
        render: impl Fn(T, Lang) -> String,
    ) -> &'static str {
        // Only the language asked for is rendered (and its catalogue read).
        let table =
            self.0[usize::from(lang == Lang::En)].get_or_init(|| all.map(|v| render(v, lang)));
        let i = all.iter().position(|v| *v == value).unwrap_or(0);
        &table[i]
    }
}
