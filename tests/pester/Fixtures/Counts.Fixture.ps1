# Not part of the suite (the name does not end in .Tests.ps1): Build.Tests.ps1 runs it through build.ps1 -Task Test
# -PesterPath to see the counts line and the exit code of a failing run.
Describe 'A Pester run with one failure' {
    It 'passes' { 1 | Should -Be 1 }
    It 'passes too' { 'a' | Should -Be 'a' }
    It 'fails' { 1 | Should -Be 2 }
    It 'is skipped' -Skip { }
}
