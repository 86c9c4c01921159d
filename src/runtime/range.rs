//! Version requirements in their own grammars: npm ranges (`engines.node`) through
//! `nodejs-semver`, PEP 440 specifiers (`requires-python`) through `pep440_rs`. No translation by
//! hand: each crate implements its ecosystem's grammar.
use std::str::FromStr;

/// The languages whose version the doctor compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Node,
    Python,
    Deno,
    Bun,
    Docker,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Node => "node",
            Lang::Python => "python",
            Lang::Deno => "deno",
            Lang::Bun => "bun",
            Lang::Docker => "docker",
        }
    }

    /// How a user calls it in a sentence.
    pub fn title(self) -> &'static str {
        match self {
            Lang::Node => "Node",
            Lang::Python => "Python",
            Lang::Deno => "Deno",
            Lang::Bun => "Bun",
            Lang::Docker => "Docker",
        }
    }
}

/// A parsed requirement.
#[derive(Clone, Debug)]
pub enum Req {
    Node(nodejs_semver::Range),
    Python(pep440_rs::VersionSpecifiers),
}

impl Req {
    /// Parses `text` in the grammar of `lang`; `None` for a language without requirements or a
    /// requirement that does not parse (the caller says so).
    pub fn parse(lang: Lang, text: &str) -> Option<Req> {
        let t = text.trim();
        match lang {
            Lang::Node => nodejs_semver::Range::parse(t).ok().map(Req::Node),
            Lang::Python => pep440_rs::VersionSpecifiers::from_str(t)
                .ok()
                .map(Req::Python),
            _ => None,
        }
    }

    /// Whether `version` (as an interpreter prints it: `v20.11.1`, `3.11.7`, `3.13.0rc1`)
    /// satisfies the requirement; `None` when the version does not parse.
    ///
    /// A runtime's pre-release (`23.0.0-nightly…`) counts as its release line: npm excludes
    /// pre-releases from ranges for *packages*, but a nightly Node 23 does run code that needs
    /// `>=18`.
    pub fn allows(&self, version: &str) -> Option<bool> {
        let v = version.trim().trim_start_matches(['v', 'V']);
        match self {
            Req::Node(r) => {
                let v = nodejs_semver::Version::parse(v).ok()?;
                Some(r.satisfies_with_prerelease(&v, true))
            }
            Req::Python(s) => {
                let v = pep440_rs::Version::from_str(v).ok()?;
                Some(s.contains(&v))
            }
        }
    }
}

/// Orders two versions of the same language (newest last); unparsable ones sort first.
pub fn cmp_versions(lang: Lang, a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (
        a.trim().trim_start_matches(['v', 'V']),
        b.trim().trim_start_matches(['v', 'V']),
    );
    match lang {
        Lang::Python => {
            let pa = pep440_rs::Version::from_str(a).ok();
            let pb = pep440_rs::Version::from_str(b).ok();
            pa.cmp(&pb)
        }
        _ => {
            let pa = nodejs_semver::Version::parse(a).ok();
            let pb = nodejs_semver::Version::parse(b).ok();
            pa.cmp(&pb)
        }
    }
}

/// The major version (`20` of `v20.11.1`, `3` of `3.11.7`) and, for Python, the minor too: the
/// part that decides compatibility in practice.
pub fn line(lang: Lang, version: &str) -> String {
    let v = version.trim().trim_start_matches(['v', 'V']);
    let mut parts = v.split(|c: char| !c.is_ascii_digit());
    let major = parts.next().unwrap_or("");
    match lang {
        Lang::Python => format!("{major}.{}", parts.next().unwrap_or("")),
        _ => major.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(range: &str, v: &str) -> bool {
        Req::parse(Lang::Node, range)
            .unwrap_or_else(|| panic!("{range} parses"))
            .allows(v)
            .unwrap_or_else(|| panic!("{v} parses"))
    }

    fn py(spec: &str, v: &str) -> bool {
        Req::parse(Lang::Python, spec)
            .unwrap_or_else(|| panic!("{spec} parses"))
            .allows(v)
            .unwrap_or_else(|| panic!("{v} parses"))
    }

    /// Known answers, as `npx semver -r RANGE VERSION` gives them.
    #[test]
    fn npm_ranges_known_answers() {
        let cases = [
            (">=18", "18.0.0", true),
            (">=18", "v16.20.2", false),
            (">= 18", "20.11.1", true),
            ("^18 || >=20", "19.9.0", false),
            ("^18 || >=20", "18.19.1", true),
            ("^18 || >=20", "22.1.0", true),
            ("18.x", "18.20.4", true),
            ("18.x", "20.0.0", false),
            (">=16 <19", "18.99.0", true),
            (">=16 <19", "19.0.0", false),
            (">=16 <19", "15.14.0", false),
            ("1.2 - 2.3", "2.3.9", true),
            ("1.2 - 2.3", "2.4.0", false),
            ("1.2 - 2.3", "1.1.9", false),
            ("*", "0.10.48", true),
            ("", "4.0.0", true),
            ("18 || 20 || >=22", "21.7.3", false),
            ("18 || 20 || >=22", "22.0.0", true),
            ("20 || >=22", "18.20.4", false),
            (">=16 || 14 >=14.17", "14.17.0", true),
            (">=16 || 14 >=14.17", "14.16.1", false),
            ("^20.18.1 || >=22", "20.18.0", false),
            ("^20.18.1 || >=22", "20.18.1", true),
            ("~18.17", "18.17.9", true),
            ("~18.17", "18.18.0", false),
            (">=18", "23.0.0-nightly20240101abc", true),
            ("18.0.0", "18.0.0", true),
            ("18.0.0", "18.0.1", false),
        ];
        for (r, v, want) in cases {
            assert_eq!(node(r, v), want, "{v} in {r:?}");
        }
    }

    /// Known answers, as `packaging.specifiers.SpecifierSet(S).contains(V)` gives them.
    #[test]
    fn pep440_known_answers() {
        let cases = [
            (">=3.10", "3.10.0", true),
            (">=3.10", "3.9.18", false),
            ("~=3.11", "3.12.1", true),
            ("~=3.11", "4.0", false),
            ("~=3.11", "3.10.9", false),
            ("!=3.12.*", "3.12.4", false),
            ("!=3.12.*", "3.13.0", true),
            ("<4", "3.13.1", true),
            ("<4", "4.0.0", false),
            (">=3.10,<3.13", "3.12.7", true),
            (">=3.10, <3.13", "3.13.0", false),
            (">=3.10,!=3.11.*", "3.11.2", false),
            ("==3.11.*", "3.11.9", true),
            (">3.9", "3.9.18", true),
            (">=3.8", "2.7.18", false),
        ];
        for (s, v, want) in cases {
            assert_eq!(py(s, v), want, "{v} in {s:?}");
        }
    }

    /// Properties over a grid of versions: `>=N` holds exactly when the major is at least N,
    /// `^N` exactly on major N, `N.x || >=M` on their union; `>=3.M` exactly when the minor is at
    /// least M, `~=3.M` when it is at least M and the major is 3, `!=3.M.*` everywhere but 3.M.
    #[test]
    fn grammar_properties_over_a_grid() {
        for major in 0..30u32 {
            for minor in [0u32, 1, 9, 17, 20] {
                for patch in [0u32, 3, 11] {
                    let v = format!("{major}.{minor}.{patch}");
                    for n in [12u32, 16, 18, 20, 22] {
                        assert_eq!(node(&format!(">={n}"), &v), major >= n, ">={n} {v}");
                        assert_eq!(node(&format!("^{n}"), &v), major == n, "^{n} {v}");
                        assert_eq!(
                            node(&format!("{n}.x || >={}", n + 4), &v),
                            major == n || major >= n + 4,
                            "{n}.x || >={} {v}",
                            n + 4
                        );
                        assert_eq!(
                            node(&format!(">={n} <{}", n + 2), &v),
                            major >= n && major < n + 2
                        );
                    }
                }
            }
        }
        for major in 2..5u32 {
            for minor in 0..15u32 {
                for patch in [0u32, 5] {
                    let v = format!("{major}.{minor}.{patch}");
                    for m in [8u32, 10, 11, 12] {
                        assert_eq!(
                            py(&format!(">=3.{m}"), &v),
                            (major, minor) >= (3, m),
                            ">=3.{m} {v}"
                        );
                        assert_eq!(
                            py(&format!("~=3.{m}"), &v),
                            major == 3 && minor >= m,
                            "~=3.{m} {v}"
                        );
                        assert_eq!(
                            py(&format!("!=3.{m}.*"), &v),
                            !(major == 3 && minor == m),
                            "!=3.{m}.* {v}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn versions_order_and_lines() {
        use std::cmp::Ordering::*;
        assert_eq!(cmp_versions(Lang::Node, "v9.0.0", "v10.0.0"), Less);
        assert_eq!(cmp_versions(Lang::Python, "3.9.1", "3.10.0"), Less);
        assert_eq!(cmp_versions(Lang::Python, "3.13.0rc1", "3.13.0"), Less);
        assert_eq!(line(Lang::Node, "v20.11.1"), "20");
        assert_eq!(line(Lang::Python, "3.11.7"), "3.11");
        assert!(Req::parse(Lang::Node, "not a range !!").is_none());
        assert!(Req::parse(Lang::Python, ">=>3").is_none());
    }
}
