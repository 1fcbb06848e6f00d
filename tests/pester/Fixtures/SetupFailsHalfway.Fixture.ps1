# Not part of the suite: NoLeaks.Tests.ps1 runs it in a child pwsh. Setup starts the simulator, notes its process id
# in $env:CC_FIXTURE_PID_FILE, then fails; AfterAll must still stop the simulator.
BeforeAll {
    Import-Module (Join-Path (Split-Path -Parent $PSScriptRoot) 'TestSupport.psm1') -Force
    $script:Sim = Start-CcSimulator
    Set-Content -LiteralPath $env:CC_FIXTURE_PID_FILE -Value $Sim.ProcessId
    throw 'Setup failed after the simulator started.'
}

AfterAll {
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'A file whose setup fails halfway' {
    It 'never runs' { 1 | Should -Be 1 }
}
