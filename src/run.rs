//! What one reading of the configs found: the files, their servers, the findings so far. `check`
//! builds it; the analysis steps (runtimes, probe, platform) take it as their input, so it sits
//! below them, beside the report.
use crate::config::ConfigFile;
use crate::finding::Finding;
use crate::launch::LoggedPath;
use crate::redact::Secrets;
use crate::server::ServerSpec;

/// Everything one check found out.
pub struct CheckRun {
    pub configs: Vec<ConfigFile>,
    pub servers: Vec<ServerSpec>,
    pub findings: Vec<Finding>,
    pub secrets: Secrets,
    /// The PATHs the apps logged for their servers, which beat the doctor's model of an app's
    /// PATH wherever a PATH is needed (check, runtimes, probe).
    pub logged: Vec<LoggedPath>,
}
