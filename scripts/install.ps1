# Installs the mcp-doctor binary from the project's GitHub releases (Windows x86_64):
#   irm https://raw.githubusercontent.com/$Repo/main/scripts/install.ps1 | iex
# Downloads mcp-doctor-x86_64-pc-windows-msvc.zip, checks its SHA-256 against the release's
# .sha256 file, and puts mcp-doctor.exe in $env:MCP_DOCTOR_INSTALL_DIR (default
# %LOCALAPPDATA%\mcp-doctor\bin), which it adds to the user's PATH.
#   MCP_DOCTOR_REPO, MCP_DOCTOR_VERSION (a tag, default latest), MCP_DOCTOR_DOWNLOAD_URL as in install.sh
$ErrorActionPreference = 'Stop'

$Repo = if ($env:MCP_DOCTOR_REPO) { $env:MCP_DOCTOR_REPO } else { 'mcp-doctor/mcp-doctor' }
$Version = if ($env:MCP_DOCTOR_VERSION) { $env:MCP_DOCTOR_VERSION } else { 'latest' }
$Dir = if ($env:MCP_DOCTOR_INSTALL_DIR) { $env:MCP_DOCTOR_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'mcp-doctor\bin' }

if (-not [Environment]::Is64BitOperatingSystem) { throw 'mcp-doctor: only 64-bit Windows (x86_64) is supported' }
$Archive = 'mcp-doctor-x86_64-pc-windows-msvc.zip'
if ($env:MCP_DOCTOR_DOWNLOAD_URL) { $Base = $env:MCP_DOCTOR_DOWNLOAD_URL }
elseif ($Version -eq 'latest') { $Base = "https://github.com/$Repo/releases/latest/download" }
else { $Base = "https://github.com/$Repo/releases/download/$Version" }

$Tmp = Join-Path ([IO.Path]::GetTempPath()) ("mcp-doctor-" + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $Tmp | Out-Null
try {
  Invoke-WebRequest -UseBasicParsing -Uri "$Base/$Archive" -OutFile (Join-Path $Tmp $Archive)
  Invoke-WebRequest -UseBasicParsing -Uri "$Base/$Archive.sha256" -OutFile (Join-Path $Tmp "$Archive.sha256")
  $Want = ((Get-Content (Join-Path $Tmp "$Archive.sha256") -Raw).Trim() -split '\s+')[0].ToLower()
  $Have = (Get-FileHash -Algorithm SHA256 (Join-Path $Tmp $Archive)).Hash.ToLower()
  if ($Want -ne $Have) { throw "mcp-doctor: checksum mismatch for $Archive (expected $Want, got $Have)" }
  Expand-Archive -Path (Join-Path $Tmp $Archive) -DestinationPath $Tmp -Force
  New-Item -ItemType Directory -Force -Path $Dir | Out-Null
  Copy-Item -Force (Join-Path $Tmp 'mcp-doctor.exe') (Join-Path $Dir 'mcp-doctor.exe')
  $UserPath = [Environment]::GetEnvironmentVariable('Path', 'User')
  if (-not ($UserPath -split ';' | Where-Object { $_ -eq $Dir })) {
    [Environment]::SetEnvironmentVariable('Path', "$UserPath;$Dir", 'User')
    Write-Host "added $Dir to your PATH (open a new terminal)"
  }
  & (Join-Path $Dir 'mcp-doctor.exe') --version
} finally {
  Remove-Item -Recurse -Force $Tmp
}
