//! One integration-test binary: rules, readers, diagnostics and the command line.

mod cli;
mod diagnostics;
mod documents;
mod excel;
mod integrity;
mod readers;
mod rules;
mod run;
mod support;
