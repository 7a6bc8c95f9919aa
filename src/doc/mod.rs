//! The document model the Tera templates render into: headings, paragraphs, tables, attachment
//! pages, signature, date and 版记 — structure, never positions.
