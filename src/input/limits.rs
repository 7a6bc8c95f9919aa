//! Every bound on what one input may cost to read, in one place (README: 读取限制).
//!
//! A workbook is a compressed, sparse format: a few kilobytes can claim a cell at XFD1048576,
//! inflate to gigabytes or repeat one row a million times. Each bound below is checked before
//! the memory it protects is spent, so no input can make the program abort; a sheet or file
//! beyond a bound is an error naming it, and the rest of the folder is still read.

/// A workbook file on disk.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;

/// One part of a zipped workbook (.xlsx, .xlsm, .xlsb, .ods) once inflated, counted while
/// inflating: the size the zip directory declares is not trusted.
pub const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;

/// Rows of one sheet: no value may lie below this row.
pub const MAX_ROWS: u32 = 100_000;

/// Columns of one sheet: no value may lie right of this column (GR).
pub const MAX_COLUMNS: u32 = 200;

/// Non-empty cells of one sheet (merged regions filled down included).
pub const MAX_CELLS: usize = 1_000_000;

/// Non-empty cells of all sheets of one workbook together: records, and the diagnostics about
/// them, are kept for the whole run, so one file must not be able to make millions of them
/// (256 sheets each just under the sheet bound, say).
pub const MAX_WORKBOOK_CELLS: usize = 1_000_000;

/// Text a cell the program uses may hold, in characters.
pub const MAX_CELL_CHARS: usize = 2_000;

/// Numbers read from cells (scores, deductions, points) must be smaller than this in magnitude,
/// so no sum over any number of them can leave the range of `Decimal`.
pub const MAX_MAGNITUDE: i64 = 1_000_000;

/// Sheets of one workbook.
pub const MAX_SHEETS: usize = 256;

/// Strings in an .xlsx shared-string table. calamine reserves room for the count the file
/// declares before reading a string, so the declared count is bounded too.
pub const MAX_SHARED_STRINGS: u64 = 2_000_000;

/// Cell formats (`xf`) in an .xlsx style sheet, and the length of any attribute there: calamine
/// copies the font and number format into every format, so their product is what costs memory.
/// Excel itself allows 64,000 formats and 255-character format codes.
pub const MAX_STYLE_FORMATS: u64 = 65_536;
pub const MAX_STYLE_ATTRIBUTE_BYTES: usize = 1_024;

/// Text of all cells of one sheet once repeated cells are expanded (OpenDocument repeats a
/// cell's text for each repeated column; .xls copies a shared string into every cell using it).
pub const MAX_SHEET_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// The rectangle from the first to the last cell holding a value, per .xls sheet: calamine
/// reads .xls sheets into dense rectangles of 32-byte cells, all sheets at once.
pub const MAX_XLS_AREA: u64 = 2_000_000;

/// Bytes of formula records of one .xls workbook: calamine turns each into text, several times
/// longer than the record.
pub const MAX_XLS_FORMULA_BYTES: u64 = 8 * 1024 * 1024;

/// Diagnostics of one kind repeated within one sheet before they are summarised.
pub const MAX_REPEATED_NOTES: usize = 20;
