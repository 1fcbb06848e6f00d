# Every simulator a test starts is stopped: when a file's setup fails after starting it, when it never comes up, and
# when a child pwsh running tests is stopped for taking too long. (build.ps1 -Task Test also fails when any simulator
# or Prism process of this checkout outlives the xunit and Pester runs.)

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:PesterManifest = (Get-Module -Name Pester).Path

    function Test-Running([int] $ProcessId) { Test-CcProcessAlive -ProcessId $ProcessId }
    function Test-Listening([string] $BaseUri) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', ([uri]$BaseUri).Port); $true } catch { $false } finally { $client.Dispose() }
    }
}

Describe 'No simulator outlives the tests' {
    It 'is stopped by AfterAll when a file''s BeforeAll fails after starting it' {
        $pidFile = Join-Path $TestDrive 'simulator.pid'
        $fixture = Join-Path $PSScriptRoot 'Fixtures/SetupFailsHalfway.Fixture.ps1'
        $command = "Import-Module '$PesterManifest'; `$r = Invoke-Pester -Path '$fixture' -PassThru -Output Normal; " +
            "'{0} passed, {1} failed' -f `$r.PassedCount, `$r.FailedCount"

        $result = Invoke-CcPwsh -Command $command -Environment @{ CC_FIXTURE_PID_FILE = $pidFile } -TimeoutSeconds 180

        $result.Output | Should -Match 'Setup failed after the simulator started'
        $result.Lines | Should -Contain '0 passed, 1 failed'
        $simulatorId = [int](Get-Content -LiteralPath $pidFile)
        Test-Running $simulatorId | Should -BeFalse
    }

    It 'is stopped by Start-CcSimulator itself when it does not come up' {
        $before = @(Get-CcTestServerProcess).Id

        { Start-CcSimulator -Url 'http://0.0.0.0:0' } | Should -Throw '*did not start*binds 127.0.0.1 only*'

        @(Get-CcTestServerProcess | Where-Object { $before -notcontains $_.Id }) | Should -BeNullOrEmpty
    }

    It 'is stopped with the child pwsh that started it when that child runs too long' {
        $pidFile = Join-Path $TestDrive 'hung.pid'
        $command = "Import-Module '$(Join-Path $PSScriptRoot 'TestSupport.psm1')'; `$s = Start-CcSimulator; " +
            "Set-Content -LiteralPath '$pidFile' -Value ('{0} {1}' -f `$s.ProcessId, `$s.BaseUri); Start-Sleep -Seconds 600"

        { Invoke-CcPwsh -Command $command -TimeoutSeconds 45 } | Should -Throw '*did not finish within 45 seconds*'

        $simulatorId, $baseUri = (Get-Content -LiteralPath $pidFile) -split ' '
        Test-Running ([int]$simulatorId) | Should -BeFalse
        Test-Listening $baseUri | Should -BeFalse
    }
}
