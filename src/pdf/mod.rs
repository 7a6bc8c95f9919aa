//! Typesetting the document model into archival PDF in the GB/T 9704 公文 layout.
