//! The `kaohe` command: parses arguments and wires the library's stages; nothing more.

use clap::{Parser, Subcommand};
use kaohe::{diag, report};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "kaohe",
    version,
    about = "专业办事大厅窗口服务工作考核：读取、校验、计分 (service hall assessment)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 读取并校验输入文件夹，按文件列出全部问题 (read and validate)
    Check {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        input: PathBuf,
    },
    /// 校验并计分，输出排名表或 JSON (validate and score)
    Score {
        /// 输入文件夹（含 kaohe.toml 和各类工作簿）
        input: PathBuf,
        /// 输出 JSON（含全部诊断信息）
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("kaohe 内部错误，请将此信息反馈给维护人员：{info}");
    }));
    let cli = Cli::parse();
    let (input, json, scores) = match &cli.command {
        Command::Check { input } => (input, false, false),
        Command::Score { input, json } => (input, *json, true),
    };
    let ev = match kaohe::evaluate(input) {
        Ok(ev) => ev,
        Err(e) => {
            eprintln!("错误：{e}");
            return ExitCode::from(2);
        }
    };
    if json {
        print!("{}", report::json(&ev));
    } else {
        if scores && ev.error_count() == 0 {
            print!("{}", report::table(&ev));
            println!();
        }
        let text = diag::render_human(&ev.diagnostics);
        if scores && ev.error_count() > 0 {
            println!("输入有错误，未给出考核结果；请先改正以下问题：\n");
        }
        print!("{text}");
    }
    if ev.error_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
