//! `--server NAME…` and `--client ID…`: which servers a command looks at. The same selection
//! narrows `check`, `probe`, `logs`, `fix` and `list`; a name that matches nothing is a usage
//! error (exit 2) that lists the names there are.
use crate::check::CheckRun;
use crate::cli;
use crate::finding::ClientId;
use crate::report::Report;

/// The parsed selection; empty lists mean "all".
#[derive(Clone, Debug, Default)]
pub struct Selected {
    pub clients: Vec<ClientId>,
    pub servers: Vec<String>,
}

impl Selected {
    /// Parses `--client` ids (a wrong id is a usage error naming the valid ones).
    pub fn parse(s: &cli::Scope) -> Result<Selected, String> {
        let mut clients = Vec::new();
        for c in s.clients.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
            let id = ClientId::parse(c).ok_or_else(|| {
                format!(
                    "--client {c}: not a client id ({})",
                    ClientId::ALL
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            if !clients.contains(&id) {
                clients.push(id);
            }
        }
        let mut servers: Vec<String> = Vec::new();
        for n in s.servers.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            if !servers.iter().any(|x| x == n) {
                servers.push(n.to_string());
            }
        }
        Ok(Selected { clients, servers })
    }

    pub fn is_all(&self) -> bool {
        self.clients.is_empty() && self.servers.is_empty()
    }

    pub fn client(&self, c: ClientId) -> bool {
        self.clients.is_empty() || self.clients.contains(&c)
    }

    pub fn server(&self, name: &str) -> bool {
        self.servers.is_empty() || self.servers.iter().any(|s| s == name)
    }

    /// Whether an item of the report (a finding, a cause, an event) is about the selection. An
    /// item that names no client or no server is kept unless a selection on that axis excludes
    /// it: a log line that names no server stays, a host-wide finding stays when no server is
    /// named.
    pub fn wants(&self, client: Option<&str>, server: Option<&str>) -> bool {
        self.wants_id(client.and_then(ClientId::parse), server)
    }

    /// [`Selected::wants`] of a known client (or none).
    pub fn wants_id(&self, client: Option<ClientId>, server: Option<&str>) -> bool {
        let client_ok = match client {
            Some(c) => self.client(c),
            None => true,
        };
        let server_ok = match server {
            Some(s) => self.server(s),
            None => true,
        };
        client_ok && server_ok
    }

    /// The single client and server when exactly one of each is named (what the log scanner's
    /// own filter takes), for reading less.
    pub fn single_client(&self) -> Option<ClientId> {
        (self.clients.len() == 1).then(|| self.clients[0])
    }

    pub fn single_server(&self) -> Option<String> {
        (self.servers.len() == 1).then(|| self.servers[0].clone())
    }

    /// Every `--server` names a server configured for the selected clients (`positional`: the
    /// names were given as operands, as `probe NAME…` takes them).
    pub fn check_known(&self, run: &CheckRun, positional: bool) -> Result<(), String> {
        let known: Vec<&str> = run
            .servers
            .iter()
            .filter(|s| self.client(s.client))
            .map(|s| s.name.as_str())
            .collect();
        let unknown: Vec<&String> = self
            .servers
            .iter()
            .filter(|n| !known.contains(&n.as_str()))
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let mut names: Vec<&str> = known.clone();
        names.sort_unstable();
        names.dedup();
        let within = if self.clients.is_empty() {
            String::new()
        } else {
            format!(
                " for {}",
                self.clients
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let list = unknown
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let flag = if positional {
            String::new()
        } else {
            let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
            format!("--server {}: ", names.join(","))
        };
        Err(format!(
            "{flag}no configured server named {list}{within} (found: {})",
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ))
    }

    /// Narrows a finished report to the selection: configs of the selected clients (holding a
    /// selected server when servers are named), their servers, the findings and causes about
    /// them, and the log events. Cause ranks are renumbered from 1.
    pub fn narrow(&self, r: &mut Report) {
        if self.is_all() {
            return;
        }
        if let Some(servers) = r.servers.as_mut() {
            servers.retain(|s| self.wants_id(Some(s.client), Some(&s.name)));
        }
        let kept_servers = r.servers.clone().unwrap_or_default();
        if let Some(configs) = r.configs.as_mut() {
            configs.retain(|c| {
                self.client(c.client)
                    && (self.servers.is_empty()
                        || kept_servers
                            .iter()
                            .any(|s| s.config == c.path && s.client == c.client))
            });
        }
        let kept_configs: Vec<String> = r
            .configs
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|c| c.path.clone())
            .collect();
        r.findings.retain(|f| {
            if f.server.is_some() || self.servers.is_empty() {
                return self.wants_id(f.client, f.server.as_deref());
            }
            // A finding about a whole file: kept when that file holds a selected server.
            f.evidence
                .first()
                .and_then(|e| e.path.as_ref())
                .is_some_and(|p| kept_configs.contains(p))
                && self.wants_id(f.client, None)
        });
        let ids: Vec<&str> = r.findings.iter().map(|f| f.id.as_str()).collect();
        r.causes.retain(|c| {
            self.wants_id(c.client, c.server.as_deref())
                && c.findings.iter().any(|f| ids.contains(&f.as_str()))
        });
        for (i, c) in r.causes.iter_mut().enumerate() {
            c.rank = i + 1;
        }
        if let Some(events) = r.events.as_mut() {
            events.retain(|e| self.wants_id(e.client, e.server.as_deref()));
        }
    }
}
