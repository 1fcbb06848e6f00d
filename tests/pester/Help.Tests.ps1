#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run from the repo root after a build: Invoke-Pester tests/pester/Help.Tests.ps1
# Get-Help as this PowerShell (Windows PowerShell 5.1 or PowerShell 7) finds it, in its own UI culture.

BeforeDiscovery {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    Import-Module (Join-Path $repoRoot 'out/ConfluentPartner/ConfluentPartner.psd1') -Force
    $commands = @(Get-Command -Module ConfluentPartner -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    Import-Module (Join-Path $repoRoot 'out/ConfluentPartner/ConfluentPartner.psd1') -Force
}

Describe 'Help for <Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command -Name $Name
        $help = Get-Help -Name $Name -Full
    }

    It 'comes from the module''s MAML file' {
        $help.PSObject.TypeNames | Should -Contain 'MamlCommandHelpInfo'
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
        (@($help.description | ForEach-Object { $_.Text }) -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples whose code parses' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $tokens = $null
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput([string]$example.code, [ref]$tokens, [ref]$errors)
            $errors | Should -BeNullOrEmpty -Because $example.title
        }
    }

    It 'documents every parameter' {
        $documented = @{}
        foreach ($parameter in @($help.parameters.parameter)) {
            $documented[[string]$parameter.name] = @($parameter.description | ForEach-Object { $_.Text }) -join ''
        }
        $common = [System.Management.Automation.Cmdlet]::CommonParameters
        $parameters = $command.Parameters.Values | Where-Object {
            $common -notcontains $_.Name -and
            -not ($_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow })
        }
        foreach ($parameter in $parameters) {
            $documented[$parameter.Name] | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs a description"
        }
    }
}

Describe 'about_ConfluentPartner' {
    It 'is found by Get-Help and covers the environment variables' {
        (Get-Help -Name about_ConfluentPartner | Out-String) | Should -Match 'CONFLUENT_CLOUD_API_KEY'
    }
}
