# Shared by tests/pester/*.Tests.ps1: the loopback simulator as a child process the suite owns, child PowerShell
# processes with a time limit, and the list of test servers of this checkout (for the no-leak checks).
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:SimulatorDll = Join-Path $script:RepoRoot 'tests/ConfluentCloud.Simulator/bin/Release/net10.0/ConfluentCloud.Simulator.dll'

function Get-CcRepoRoot { $script:RepoRoot }

function Get-CcModuleManifest { Join-Path $script:RepoRoot 'out/ConfluentPartner/ConfluentPartner.psd1' }

# Whether a process is still running; on Linux a killed process that nobody has reaped yet (a zombie) is not.
function Test-CcProcessAlive {
    param([Parameter(Mandatory)] [int] $ProcessId)
    if ($null -eq (Get-Process -Id $ProcessId -ErrorAction SilentlyContinue)) { return $false }
    $stat = "/proc/$ProcessId/stat"
    if ($IsLinux -and (Test-Path -LiteralPath $stat)) {
        $fields = (Get-Content -LiteralPath $stat -Raw -ErrorAction SilentlyContinue) -replace '^.*\)\s+', ''
        if ($fields -like 'Z*' -or $fields -like 'X*') { return $false }
    }
    $true
}

# Ids of the processes a process started, and theirs, recursively.
function Get-CcDescendantProcessId {
    param([Parameter(Mandatory)] [int] $ProcessId)
    $children = @(Get-Process | Where-Object { $null -ne $_.Parent -and $_.Parent.Id -eq $ProcessId } | ForEach-Object { $_.Id })
    foreach ($child in $children) { $child; Get-CcDescendantProcessId -ProcessId $child }
}

# Ends a process and everything it started, and waits until all of them are gone.
function Stop-CcProcessTree {
    param([System.Diagnostics.Process] $Process)
    if ($null -eq $Process) { return }
    try {
        if (-not $Process.HasExited) {
            $tree = @(Get-CcDescendantProcessId -ProcessId $Process.Id)
            $Process.Kill($true)
            $null = $Process.WaitForExit(10000)
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while (@($tree | Where-Object { Test-CcProcessAlive -ProcessId $_ }).Count -gt 0 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
        }
    }
    finally {
        $Process.Dispose()
    }
}

# Starts a process with its three standard streams redirected to us (never shared with the suite's own output, so a
# caller capturing that output cannot hang on it) and drains stdout and stderr in the background.
function Start-CcProcess {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @(), [hashtable] $Environment = @{},
        [string] $WorkingDirectory = $script:RepoRoot)
    $start = [System.Diagnostics.ProcessStartInfo]::new($FilePath)
    foreach ($argument in $ArgumentList) { $start.ArgumentList.Add($argument) }
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start.WorkingDirectory = $WorkingDirectory
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    [System.Diagnostics.Process]::Start($start)
}

<#
Starts tests/ConfluentCloud.Simulator (as built by the Release build) on a free 127.0.0.1 port and returns its base
URI and the credentials it accepts. The process is stopped here if it does not come up; otherwise the caller stops
it with Stop-CcSimulator, in AfterAll.
#>
function Start-CcSimulator {
    [CmdletBinding()]
    param([string] $Url = 'http://127.0.0.1:0', [int] $TimeoutSeconds = 60)

    if (-not (Test-Path -LiteralPath $script:SimulatorDll)) {
        throw "$($script:SimulatorDll) does not exist: build first (./build.ps1 -Task Build)."
    }
    $process = Start-CcProcess -FilePath 'dotnet' -ArgumentList @($script:SimulatorDll, '--urls', $Url)
    try {
        $stderr = $process.StandardError.ReadToEndAsync()
        $firstLine = $process.StandardOutput.ReadLineAsync()
        if (-not $firstLine.Wait([timespan]::FromSeconds($TimeoutSeconds))) {
            throw "The simulator did not start within $TimeoutSeconds seconds."
        }
        if ($null -eq $firstLine.Result -or $firstLine.Result -notmatch 'listening on (http://127\.0\.0\.1:\d+)') {
            $null = $process.WaitForExit(10000)
            $why = if ($stderr.IsCompleted) { $stderr.Result.Trim() } else { '' }
            throw "The simulator did not start ($why)."
        }
        $baseUri = $Matches[1]
        $null = $process.StandardOutput.ReadToEndAsync()
    }
    catch {
        Stop-CcProcessTree -Process $process
        throw
    }
    [pscustomobject]@{
        Process          = $process
        ProcessId        = $process.Id
        BaseUri          = $baseUri
        Credential       = [pscredential]::new('SIMKEY0123456789', (ConvertTo-SecureString 'sim-secret-0123456789abcdefghij' -AsPlainText -Force))
        WrongCredential  = [pscredential]::new('SIMKEY0123456789', (ConvertTo-SecureString 'wrong-secret' -AsPlainText -Force))
        ClientCredential = [pscredential]::new('sim-client-id', (ConvertTo-SecureString 'sim-client-secret-0123456789' -AsPlainText -Force))
    }
}

function Stop-CcSimulator {
    [CmdletBinding()]
    param([AllowNull()] $Simulator)
    if ($null -ne $Simulator) { Stop-CcProcessTree -Process $Simulator.Process }
}

# The PowerShell running this suite, as a program and the arguments before its own (`dotnet pwsh.dll` for the
# local tool, pwsh itself otherwise).
function Get-CcPwshCommand {
    $processPath = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'pwsh') { return @($processPath) }
    @($processPath, (Join-Path $PSHOME 'pwsh.dll'))
}

<#
Runs a script file or a command in a new pwsh (the one running the suite) and returns its exit code and output
(stdout and stderr as text). A child that runs past -TimeoutSeconds is stopped with everything it started.
#>
function Invoke-CcPwsh {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ParameterSetName = 'File')] [string] $File,
        [Parameter(ParameterSetName = 'File')] [string[]] $ArgumentList = @(),
        [Parameter(Mandatory, ParameterSetName = 'Command')] [string] $Command,
        [string[]] $Executable = (Get-CcPwshCommand),
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $arguments = @($Executable | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive')
    if ($PSCmdlet.ParameterSetName -eq 'File') { $arguments += @('-File', $File) + $ArgumentList }
    else { $arguments += @('-Command', $Command) }
    $process = Start-CcProcess -FilePath $Executable[0] -ArgumentList $arguments -Environment $Environment
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            throw "pwsh $($arguments -join ' ') did not finish within $TimeoutSeconds seconds."
        }
        $process.WaitForExit()
        [pscustomobject]@{
            ExitCode = $process.ExitCode
            Output   = $stdout.Result + $stderr.Result
            Lines    = @(($stdout.Result + $stderr.Result) -split '\r?\n')
        }
    }
    finally {
        Stop-CcProcessTree -Process $process
    }
}

# Processes of this checkout that tests start and must stop: the simulator and Prism.
function Get-CcTestServerProcess {
    $root = $script:RepoRoot
    Get-Process | Where-Object {
        $line = [string]$_.CommandLine
        $_.Id -ne $PID -and ($line -match 'ConfluentCloud\.Simulator' -or $line -match 'prism') -and
        ($line.Contains($root) -or $line.Contains($root.Replace('\', '/'))) -and (Test-CcProcessAlive -ProcessId $_.Id)
    }
}

Export-ModuleMember -Function Get-CcRepoRoot, Get-CcModuleManifest, Start-CcSimulator, Stop-CcSimulator, Stop-CcProcessTree, Test-CcProcessAlive,
    Get-CcPwshCommand, Invoke-CcPwsh, Get-CcTestServerProcess
