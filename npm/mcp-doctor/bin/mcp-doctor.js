#!/usr/bin/env node
// The `mcp-doctor` command of the npm package: finds the prebuilt binary that npm installed
// through this platform's optional dependency (@mcp-doctor/<os>-<cpu>, the pattern esbuild and
// Biome use) and runs it with the same arguments, standard streams and exit code (0, 1, 2).
"use strict";

const { spawnSync } = require("node:child_process");

const PACKAGES = {
  "linux-x64": "@mcp-doctor/linux-x64",
  "linux-arm64": "@mcp-doctor/linux-arm64",
  "darwin-x64": "@mcp-doctor/darwin-x64",
  "darwin-arm64": "@mcp-doctor/darwin-arm64",
  "win32-x64": "@mcp-doctor/win32-x64",
};

function fail(message) {
  process.stderr.write(`mcp-doctor: ${message}\n`);
  process.exit(2);
}

function binaryPath() {
  // For testing a local build: MCP_DOCTOR_BINARY=/path/to/mcp-doctor npx mcp-doctor ...
  if (process.env.MCP_DOCTOR_BINARY) {
    return process.env.MCP_DOCTOR_BINARY;
  }
  const key = `${process.platform}-${process.arch}`;
  const pkg = PACKAGES[key];
  if (!pkg) {
    fail(
      `no prebuilt binary for ${key}; supported: ${Object.keys(PACKAGES).join(", ")} ` +
        "(or build it: cargo install --locked --git <repository>)"
    );
  }
  const exe = process.platform === "win32" ? "mcp-doctor.exe" : "mcp-doctor";
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch (e) {
    fail(
      `the package ${pkg} is not installed; npm skips optional dependencies with ` +
        "--omit=optional or --no-optional: reinstall without it"
    );
  }
}

const result = spawnSync(binaryPath(), process.argv.slice(2), { stdio: "inherit" });
if (result.error) {
  fail(`cannot run ${result.error.path || "the binary"}: ${result.error.message}`);
}
if (result.signal) {
  // Die of the same signal, so that the caller sees what the binary saw.
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 2 : result.status);
