//! From an evaluation to documents: template contexts, Tera templates (shipped, user-editable),
//! the document model and the writers.

pub mod context;
pub mod documents;
pub mod markup_filters;
pub mod templates;
