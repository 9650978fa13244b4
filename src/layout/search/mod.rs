//! The pack's search: its text rules ([`fold`]) and the index the search page loads
//! ([`index`]).

pub(crate) mod fold;
pub(crate) mod index;
