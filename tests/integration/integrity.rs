//! The output folder always equals its manifest: reruns, failed reruns, one quarter, a second run
//! at the same time, a run killed at any moment, a closed pipe — and `kaohe verify` proves it.

use crate::support::*;
use kaohe::output::verify;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn kaohe() -> Command {
    kaohe_command()
}

/// A fresh parent folder for one test; the output folder is `<parent>/out`.
fn target(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("kaohe-integrity")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("mkdir");
    d.join("out")
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Asserts the folder holds exactly the files its manifest lists, with their digests.
fn assert_intact(out: &Path) -> kaohe::manifest::Manifest {
    let report = verify::verify(out).expect("a manifest");
    assert!(report.is_intact(), "{}", report.render(out));
    verify::read_manifest(out).expect("manifest")
}

/// Names beside the output folder: nothing but the folder itself once runs are over.
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().expect("parent"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn verify_passes_on_a_fresh_run_and_names_every_difference() {
    let out = target("verify");
    let (code, stdout, stderr) = run(&["run", &sample(), "--out", &s(&out)]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let manifest = assert_intact(&out);
    // summary workbook, results, year-end, 请示, 4 quarterly, half-year, 13 score cards
    assert_eq!(manifest.outputs.len(), 22, "{:?}", manifest.outputs);
    // Every input file the run looked at, the one it did not use with the reason.
    let not_used: Vec<(&str, &str, Option<&str>)> = manifest
        .inputs
        .iter()
        .filter(|i| i.status != "used")
        .map(|i| (i.path.as_str(), i.status.as_str(), i.reason.as_deref()))
        .collect();
    assert_eq!(not_used, vec![("说明.txt", "skipped", Some("不是工作簿"))]);
    assert_eq!(manifest.inputs.len(), 32);
    assert!(
        manifest
            .inputs
            .iter()
            .filter(|i| i.status == "used")
            .all(|i| i.sha256.as_ref().is_some_and(|h| h.len() == 64))
    );
    assert_eq!(beside(&out), vec!["out"]);
    let (code, stdout, _) = run(&["verify", &s(&out)]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("22 个文件与 manifest.json 完全一致"),
        "{stdout}"
    );

    // One byte of one PDF changed, one card deleted, one file added.
    let pdf = out.join("年度考核结果通报.pdf");
    let mut bytes = std::fs::read(&pdf).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&pdf, bytes).expect("write");
    let card = &manifest
        .outputs
        .iter()
        .find(|o| o.path.starts_with("评分明细/"))
        .expect("a card")
        .path;
    std::fs::remove_file(out.join(card)).expect("rm");
    std::fs::write(out.join("备注.txt"), "x").expect("write");
    let (code, stdout, _) = run(&["verify", &s(&out)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("已改动：年度考核结果通报.pdf"), "{stdout}");
    assert!(stdout.contains(&format!("缺少：{card}")), "{stdout}");
    assert!(stdout.contains("多出：备注.txt"), "{stdout}");

    let (code, _, stderr) = run(&["verify", &s(out.parent().expect("parent"))]);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有 manifest.json"), "{stderr}");
}

#[test]
fn a_rerun_with_input_errors_replaces_the_earlier_documents_with_its_report() {
    let f = Folder::with_halls("integrity-errors", 2);
    let out = target("errors");
    let dir = s(&f.dir);
    assert_eq!(run(&["run", &dir, "--out", &s(&out)]).0, 0);
    assert!(out.join("年度考核结果通报.pdf").is_file());
    f.write("坏.xlsx", "not a workbook");
    let (code, stdout, _) = run(&["run", &dir, "--out", &s(&out)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("未生成正式文件"), "{stdout}");
    assert!(
        stdout.contains("已取代该文件夹中上一次运行的全部文件"),
        "{stdout}"
    );
    let manifest = assert_intact(&out);
    let outputs: Vec<&str> = manifest.outputs.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(outputs, vec!["考核汇总.xlsx"]);
    assert_eq!(manifest.input_errors, 1);
    assert!(!out.join("年度考核结果通报.pdf").exists());
    assert!(!out.join("评分明细").exists());
}

#[test]
fn one_quarter_into_an_earlier_full_run_leaves_only_that_quarter() {
    let out = target("quarter");
    assert_eq!(run(&["run", &sample(), "--out", &s(&out)]).0, 0);
    let (code, stdout, stderr) = run(&["run", &sample(), "--out", &s(&out), "--quarter", "2"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let manifest = assert_intact(&out);
    let quarterly: Vec<&str> = manifest
        .outputs
        .iter()
        .map(|o| o.path.as_str())
        .filter(|p| p.starts_with("季度通报/"))
        .collect();
    assert_eq!(
        quarterly,
        vec!["季度通报/2025年第2季度明察暗访情况通报.pdf"]
    );
    assert_eq!(
        std::fs::read_dir(out.join("季度通报"))
            .expect("list")
            .count(),
        1
    );
    assert_eq!(manifest.outputs.len(), 1);
    assert!(!out.join("年度考核结果通报.pdf").exists());
}

#[test]
fn a_folder_of_the_users_own_is_never_replaced() {
    let out = target("foreign");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("工作总结.docx"), "mine").expect("write");
    let (code, _, stderr) = run(&["run", &sample(), "--out", &s(&out)]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("不是 kaohe 生成的文件") && stderr.contains("工作总结.docx"),
        "{stderr}"
    );
    assert!(stderr.contains("保持原样"), "{stderr}");
    let names: Vec<_> = std::fs::read_dir(&out).expect("list").collect();
    assert_eq!(names.len(), 1);
    assert_eq!(beside(&out), vec!["out"]);
}

#[test]
fn a_folder_being_written_refuses_a_second_run_naming_the_holder() {
    let out = target("locked");
    let lock = kaohe::output::folder::lock_path(&out);
    let held = std::fs::File::create(&lock).expect("lock file");
    held.try_lock().expect("lock");
    std::fs::write(&lock, "4242").expect("pid");
    let (code, _, stderr) = run(&["run", &sample(), "--out", &s(&out)]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("正由另一个 kaohe 进程（进程号 4242）写入"),
        "{stderr}"
    );
    assert!(!out.exists());
    drop(held);
    // A lock file left by a killed run is not held by anyone: the next run goes ahead.
    let (code, _, stderr) = run(&["run", &sample(), "--out", &s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    assert_intact(&out);
    assert_eq!(beside(&out), vec!["out"]);
}

#[test]
fn two_runs_at_once_never_mix() {
    let out = target("twice");
    let spawn = || {
        kaohe()
            .args(["run", &sample(), "--out", &s(&out)])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let o = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&o.stderr);
        match o.status.code() {
            Some(0) => {}
            Some(2) => assert!(stderr.contains("正由另一个 kaohe 进程"), "{stderr}"),
            other => panic!("exit {other:?}: {stderr}"),
        }
    }
    assert_intact(&out);
    assert_eq!(beside(&out), vec!["out"]);
}

#[test]
fn a_run_killed_at_any_moment_leaves_one_complete_run() {
    let out = target("killed");
    let start = Instant::now();
    assert_eq!(run(&["run", &sample(), "--out", &s(&out)]).0, 0);
    let whole = start.elapsed();
    let first = assert_intact(&out);
    for k in 0..10u32 {
        let mut child = kaohe()
            .args(["run", &sample(), "--out", &s(&out)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(whole * k / 9);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = assert_intact(&out);
        // Same inputs: whichever run is there, its files are the same.
        assert_eq!(now.outputs, first.outputs, "after a kill at {k}/9");
    }
    assert_eq!(run(&["run", &sample(), "--out", &s(&out)]).0, 0);
    assert_intact(&out);
    assert_eq!(beside(&out), vec!["out"]);
}

#[test]
fn a_closed_pipe_ends_the_printing_not_the_run() {
    let out = target("pipe");
    let mut child = kaohe()
        .args(["run", &sample(), "--out", &s(&out)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take()); // like `| head -0`
    let o = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("内部错误"), "{stderr}");
    assert_intact(&out);
}

#[test]
fn a_full_disk_for_the_report_is_an_error_not_a_crash() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let o = kaohe()
        .args(["check", &sample()])
        .stdout(full)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("无法写出结果：磁盘空间不足"), "{stderr}");
    assert!(!stderr.contains("内部错误"), "{stderr}");
}

#[test]
fn an_unwritable_output_path_names_the_path_and_leaves_no_debris() {
    let out = target("unwritable");
    let parent = out.parent().expect("parent");
    // A file where the output folder's parent should be.
    std::fs::write(parent.join("文件"), "x").expect("write");
    let bad = parent.join("文件").join("out");
    let (code, _, stderr) = run(&["run", &sample(), "--out", &s(&bad)]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("文件") && stderr.contains("无法"),
        "{stderr}"
    );
    assert!(!stderr.contains("模板"), "{stderr}");
    assert_eq!(beside(&out), vec!["文件"]);
}

#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_symbolic_link_is_replaced_where_it_is() {
    let out = target("linked");
    let real = out.with_file_name("真实");
    std::fs::create_dir_all(&real).expect("mkdir");
    std::os::unix::fs::symlink(&real, &out).expect("symlink");
    let (code, _, stderr) = run(&["run", &sample(), "--out", &s(&out)]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        std::fs::symlink_metadata(&out)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_intact(&real);
    assert_intact(&out);
}

#[test]
fn the_folder_the_user_stands_in_is_never_swapped_away() {
    let out = target("cwd");
    std::fs::create_dir_all(&out).expect("mkdir");
    let o = kaohe()
        .args(["run", &sample(), "--out", "."])
        .current_dir(&out)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("是当前所在的文件夹"), "{stderr}");
    assert_eq!(std::fs::read_dir(&out).expect("list").count(), 0);
    assert_eq!(beside(&out), vec!["out"]);
}
