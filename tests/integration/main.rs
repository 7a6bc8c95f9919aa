//! One integration-test binary: rules, readers, diagnostics and the command line.

mod cli;
mod diagnostics;
mod documents;
mod excel;
mod hostile;
mod readers;
mod rules;
mod run;
mod support;
