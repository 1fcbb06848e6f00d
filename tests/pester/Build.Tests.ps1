# build.ps1's four tasks as a user runs them, each in a new pwsh (the one running this suite). Runs first (files run
# in name order) because the Build task rewrites out/ConfluentPartner, which no file may have loaded yet.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:RepoRoot = Get-CcRepoRoot
    $script:BuildScript = Join-Path $RepoRoot 'build.ps1'
    $script:Manifest = Get-CcModuleManifest

    function Invoke-Build([string[]] $Arguments, [string[]] $Executable = (Get-CcPwshCommand)) {
        Invoke-CcPwsh -File $BuildScript -ArgumentList $Arguments -Executable $Executable -TimeoutSeconds 900
    }
}

Describe 'build.ps1 -Task Build' {
    It 'builds the solution and lays out the importable module in out/ConfluentPartner' {
        $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location -like "$(Split-Path -Parent $Manifest)*" })
        $loaded | Should -BeNullOrEmpty -Because 'a build rewrites these files; import the module only after this file ran'

        $result = Invoke-Build @('-Task', 'Build')

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Lines | Should -Contain "Module: $Manifest"
        $result.Output | Should -Match '0 Error\(s\)'
        (Test-ModuleManifest -Path $Manifest).ExportedCmdlets.Keys | Should -Contain 'New-CcIamInvitation'
    }
}

Describe 'build.ps1 -Task Test' {
    # The whole suite would run this file again: the task runs a few xunit tests and a fixture with one failure.
    # Under CI=true the contract tests fail, not skip, when Prism is missing: a real xunit failure.
    It 'runs xunit and then Pester 5.9.1 in pwsh, prints Pester''s counts, and reports each suite''s failure' {
        $fixture = Join-Path $PSScriptRoot 'Fixtures/Counts.Fixture.ps1'
        $result = Invoke-CcPwsh -File $BuildScript -TimeoutSeconds 900 -Environment @{ CI = 'true'; CONFLUENT_PRISM_PATH = (Join-Path $TestDrive 'no-prism') } `
            -ArgumentList @('-Task', 'Test', '-NoBuild', '-TestFilter', 'Category=Contract&FullyQualifiedName~ClientContractTests', '-PesterPath', $fixture)

        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match 'dotnet test .*ConfluentPartner\.sln'
        $result.Output | Should -Match 'Failed!\s+- Failed:\s+[1-9]'
        $result.Lines | Should -Contain 'PowerShell 7.6.9, Pester 5.9.1'
        $result.Lines | Should -Contain '2 passed, 1 failed, 1 skipped'
        $result.Output | Should -Match 'xunit: dotnet test failed'
        $result.Output | Should -Match 'Pester: the suite failed'
        $result.Output | Should -Match 'No simulator or Prism process outlived the tests'
    }
}

Describe 'build.ps1 -Task Demo' {
    It 'shows the table whole and the bad row''s ErrorRecord as text, and stops its simulator (<Name>)' -ForEach @(
        @{ Name = 'dotnet pwsh, the local tool'; Executable = (Get-CcPwshCommand) }
        @{ Name = 'pwsh, an installed executable'; Executable = @((Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))) }
    ) {
        if (-not (Test-Path -LiteralPath $Executable[0])) { Set-ItResult -Skipped -Because "$($Executable[0]) does not exist" }

        $result = Invoke-Build @('-Task', 'Demo', '-NoBuild') -Executable $Executable

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Not -Match 'CLIXML|<Objs'
        $result.Output | Should -Not -Match "`e\["
        $header = [array]::IndexOf($result.Lines, ($result.Lines | Where-Object { $_ -match '^Email\s+Status\s+AuthType\s+Id\s+ExpiresAt\s+Roles$' } | Select-Object -First 1))
        $header | Should -BeGreaterThan 0
        $rows = @($result.Lines[($header + 2)..($header + 8)])
        foreach ($row in $rows) {
            $row | Should -Match '^\S+@example\.com\s+INVITE_STATUS_SENT\s+AUTH_TYPE_(LOCAL|SSO)\s+i-\w+\s+\S.*\d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}\s*$'
        }
        $result.Lines | Should -Contain "New-CcIamInvitation: -Email: 'not-an-email' is not a valid email address."
        $result.Output | Should -Match '7 invited, 1 failed\.'

        $result.Output -match 'simulator on http://127\.0\.0\.1:\d+ \(process (\d+)\)' | Should -BeTrue
        $processId = [int]$Matches[1]
        $processId | Should -BeGreaterThan 0
        Get-Process -Id $processId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'build.ps1 -Task Package' {
    BeforeAll {
        $script:Package = Invoke-Build @('-Task', 'Package', '-NoBuild')
        $script:Artifacts = Join-Path $RepoRoot 'artifacts'
        $script:Version = (Import-PowerShellDataFile -Path $Manifest).ModuleVersion
    }

    It 'makes artifacts/ConfluentPartner.zip holding ConfluentPartner/ConfluentPartner.psd1 for Azure Automation' {
        $Package.ExitCode | Should -Be 0 -Because $Package.Output
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead((Join-Path $Artifacts 'ConfluentPartner.zip'))
        try { $entries = @($zip.Entries.FullName | ForEach-Object { $_.Replace('\', '/') }) }
        finally { $zip.Dispose() }

        $entries | Should -Contain 'ConfluentPartner/ConfluentPartner.psd1'
        $entries | Should -Contain 'ConfluentPartner/ConfluentPartner.dll'
        @($entries | Where-Object { $_ -notlike 'ConfluentPartner/*' }) | Should -BeNullOrEmpty
    }

    It 'makes a nupkg that Save-PSResource takes from a local folder repository, and the saved module imports in a fresh pwsh' {
        $Package.ExitCode | Should -Be 0 -Because $Package.Output
        $feed = Join-Path $TestDrive 'feed'
        $modules = Join-Path $TestDrive 'modules'
        $null = New-Item -ItemType Directory -Path $feed, $modules
        Copy-Item -LiteralPath (Join-Path $Artifacts "ConfluentPartner.$Version.nupkg") -Destination $feed
        $repository = 'ConfluentPartnerTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Register-PSResourceRepository -Name $repository -Uri $feed -Trusted
        try {
            Save-PSResource -Name ConfluentPartner -Repository $repository -Path $modules -TrustRepository -Quiet
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }
        Test-Path -LiteralPath (Join-Path $modules "ConfluentPartner/$Version/ConfluentPartner.psd1") | Should -BeTrue

        $result = Invoke-CcPwsh -Command "Import-Module ConfluentPartner -ErrorAction Stop; `$m = Get-Module ConfluentPartner; '{0} {1} {2}' -f `$m.Version, @(`$m.ExportedCmdlets.Keys).Count, `$m.ModuleBase" `
            -Environment @{ PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath } -TimeoutSeconds 120
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $expected = @((Test-ModuleManifest -Path $Manifest).ExportedCmdlets.Keys).Count
        $result.Lines[0] | Should -Be ("$Version $expected " + (Join-Path $modules "ConfluentPartner/$Version"))
    }
}
