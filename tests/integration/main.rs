//! One integration-test binary: rules, readers, diagnostics and the command line.

mod cli;
mod diagnostics;
mod documents;
mod excel;
mod fonts;
mod hostile;
mod integrity;
mod ofd;
mod promise;
mod readers;
mod rules;
mod run;
mod summary;
mod support;
