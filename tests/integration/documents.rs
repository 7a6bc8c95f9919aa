//! Document templates rendered from the sample year into the document model.

use kaohe::doc::{Block, Document, markup};
use kaohe::render::context::{self, DocInfo};
use kaohe::render::templates::Templates;
use kaohe::text::Date;

const DATE: Date = Date {
    year: 2026,
    month: 1,
    day: 15,
};

fn sample() -> kaohe::Evaluation {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    kaohe::evaluate(&dir).expect("sample")
}

fn parse(text: &str) -> Document {
    markup::parse(text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
}

fn texts(doc: &Document) -> String {
    serde_json::to_string(doc).expect("json")
}

#[test]
fn year_end_circular_model() {
    let ev = sample();
    let t = Templates::load(None).expect("templates");
    let ctx = context::year_end(&ev, DocInfo::new(&ev, DATE, 1, false));
    let doc = parse(&t.render("year_end.tera", &ctx).expect("render"));
    let Some(Block::DocNumber { text }) = doc
        .blocks
        .iter()
        .find(|b| matches!(b, Block::DocNumber { .. }))
    else {
        panic!("no docno")
    };
    assert_eq!(text.string(), "示行管〔2026〕1号");
    let table = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("score table");
    assert_eq!(table.rows.len(), 13);
    let first: Vec<String> = table.rows[0].iter().map(|c| c.string()).collect();
    assert_eq!(
        first,
        [
            "1",
            "社保医保办事大厅",
            // every score column with one decimal: 19.0 beside 28.8
            "19.0",
            "28.8",
            "29.5",
            "18.5",
            "5.9",
            "101.7",
            "推荐表彰"
        ]
    );
    let second: Vec<String> = table.rows[1].iter().map(|c| c.string()).collect();
    assert_eq!(second[8], "取消资格");
    let all = texts(&doc);
    assert!(all.contains("社保医保办事大厅、税务办税服务大厅、公安出入境办事大厅、市场监管登记大厅等4个大厅拟提请市政府表彰"), "{all}");
    assert!(all.contains("住建审批大厅"));
    assert!(doc.blocks.iter().any(
        |b| matches!(b, Block::Chart(c) if c.bars.len() == 13 && c.max == 105.0 && c.min == 80.0)
    ));
}

#[test]
fn every_quarter_score_card_and_half_year_model_parses() {
    let ev = sample();
    let t = Templates::load(None).expect("templates");
    let quarters = context::quarters_with_records(&ev);
    assert_eq!(quarters, vec![1, 2, 3, 4]);
    for q in quarters {
        let ctx = context::quarter(&ev, q, DocInfo::new(&ev, DATE, 1 + q, false));
        let doc = parse(&t.render("quarter.tera", &ctx).expect("render"));
        assert!(texts(&doc).contains(&format!(
            "第{}季度",
            ["一", "二", "三", "四"][q as usize - 1]
        )));
    }
    for h in &ev.scores.halls {
        let ctx = context::card(
            &ev,
            h,
            DocInfo::new(&ev, DATE, 1, false),
            &context::row_scales(&ev),
        );
        let doc = parse(&t.render("score_card.tera", &ctx).expect("render"));
        assert!(texts(&doc).contains(&h.name));
    }
    let ctx =
        context::half_year(&ev, DocInfo::new(&ev, DATE, 1, false)).expect("half-year forms exist");
    let doc = parse(&t.render("half_year.tera", &ctx).expect("render"));
    assert!(texts(&doc).contains("交通运输服务大厅"));
}
