use mcp_doctor::logs::classify::Classifier;
use std::time::Instant;
fn main() {
    time_parts();
    let t = Instant::now();
    let _ = mcp_doctor::rules::registry();
    println!("registry {:?}", t.elapsed());
    let t = Instant::now();
    let c = Classifier::get();
    println!("build {:?}", t.elapsed());
    let data = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let lines: Vec<&str> = data.lines().collect();
    let t = Instant::now();
    let mut hits = 0;
    for l in &lines {
        if c.classify(l).rule.is_some() {
            hits += 1;
        }
    }
    println!(
        "classify {} lines {:?} hits {hits}",
        lines.len(),
        t.elapsed()
    );
    let t = Instant::now();
    let mut n = 0;
    for l in &lines {
        let h = mcp_doctor::logs::parse::header(l);
        if h.record {
            n += 1;
        }
    }
    println!("header {:?} {n}", t.elapsed());
    let t = Instant::now();
    let mut n = 0;
    for l in &lines {
        if c.prefilter_hit(l) {
            n += 1;
        }
    }
    println!("prefilter {:?} {n}", t.elapsed());
}
#[allow(dead_code)]
fn _x() {}
pub fn time_parts() {
    let mut src = vec![];
    for (_, r) in mcp_doctor::rules::registry() {
        for p in &r.patterns {
            src.push(p.regex.clone());
        }
    }
    let t = Instant::now();
    let _s = regex::RegexSet::new(&src).unwrap();
    println!("regexset {:?}", t.elapsed());
    let t = Instant::now();
    for p in &src {
        let _ = regex::Regex::new(p).unwrap();
    }
    println!("regexes {:?}", t.elapsed());
}
