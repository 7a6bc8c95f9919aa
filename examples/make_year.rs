//! Writes a synthetic, valid assessment year of any size, for measuring `kaohe run`:
//!
//! ```text
//! cargo run --release --example make_year -- <folder> <halls>
//! ```
//!
//! Every hall has the row counts of a real year (see `benches/support/year.rs`); the folder is
//! replaced.

#[path = "../benches/support/year.rs"]
mod year;

fn main() -> year::Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, halls] = args.as_slice() else {
        return Err("usage: make_year <folder> <halls>".into());
    };
    let halls: usize = halls.parse()?;
    if halls == 0 {
        return Err("halls must be at least 1".into());
    }
    year::generate(std::path::Path::new(dir), halls)?;
    println!("{dir}: {halls} halls (generator {})", year::GENERATOR);
    Ok(())
}
