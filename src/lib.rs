//! mcp-doctor: finds every MCP client config on a machine, checks each server, and ranks the
//! likely causes of a server that will not connect. The binary (`src/main.rs`) is thin; this
//! library holds the model of the machine, the clients, the rules and the report.
/// `Display` for an id type as its `as_str` (the contract's text), padded, so that a width in a
/// format string applies (`{:14}`) as it did to the id's text.
macro_rules! display_as_str {
    ($($t:ty),* $(,)?) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    )*};
}

pub mod app;
pub mod bridge;
pub mod cause;
pub mod check;
pub mod checks;
pub mod cli;
pub mod clients;
pub mod config;
pub mod doc;
pub mod finding;
pub mod fix;
pub mod fix_command;
pub mod launch;
pub mod list;
pub mod logs;
pub mod machine;
pub mod output;
pub mod placeholder;
pub mod platform;
pub mod probe;
pub mod probing;
pub mod rank;
pub mod redact;
pub mod render;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod run;
pub mod runtime;
pub mod scope;
pub mod server;
pub mod shell;
pub mod sort;
pub mod template;
pub mod term;
pub mod url;
pub mod wrappers;
