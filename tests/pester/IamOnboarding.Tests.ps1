#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The onboarding/offboarding CSV workflow in real pwsh: Import-Csv | New-CcIamInvitation with role columns, a re-run
# that creates nothing, and Import-Csv | Remove-CcIamUser leaving no user, invitation or role binding behind.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-CcModuleManifest) -Force
    $script:Sim = Start-CcSimulator
    $script:Common = @{ BaseUri = $Sim.BaseUri; Credential = $Sim.Credential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)

    # 50 users, organization / environment / cluster / raw-CRN scopes mixed; row 17's email is broken, row 33 names a
    # cluster without its environment. The organization id of the raw CRNs is read from a first invitation.
    $seed = New-CcIamInvitation -Email "seed-$Run@example.com" @Common
    $script:OrgCrn = 'crn://confluent.cloud/organization=' + ($seed.ResourceName -replace '^crn://confluent\.cloud/organization=([^/]+).*$', '$1')
    $rows = foreach ($n in 1..50) {
        $email = 'user{0:d2}-{1}@example.com' -f $n, $Run
        $env = "env-$($n % 3)"; $lkc = "lkc-$($n % 5)"
        if ($n -eq 17) { "user17-$Run-at-example.com,MetricsViewer,,," }
        elseif ($n -eq 33) { "$email,CloudClusterAdmin,,$lkc," }
        elseif ($n % 4 -eq 0) { "$email,MetricsViewer,,," }
        elseif ($n % 4 -eq 1) { "$email,EnvironmentAdmin;MetricsViewer,$env,," }
        elseif ($n % 4 -eq 2) { "$email,CloudClusterAdmin,$env,$lkc," }
        else { "$email,DeveloperRead,,,$OrgCrn/environment=$env/cloud-cluster=$lkc/kafka=$lkc/topic=orders-$n" }
    }
    $script:Csv = Join-Path ([System.IO.Path]::GetTempPath()) "onboarding-$Run.csv"
    Set-Content -Path $Csv -Value (@('email,role_name,environment,cluster,crn_pattern') + $rows) -Encoding UTF8
    # Bindings of this run's users: each row's roles times its one scope, minus the two bad rows.
    $script:ExpectedBindings = 0
    foreach ($n in 1..50) { if ($n -ne 17 -and $n -ne 33) { if ($n % 4 -eq 1) { $script:ExpectedBindings += 2 } else { $script:ExpectedBindings += 1 } } }

    function Get-RunUser { Get-CcIamUser @Common | Where-Object { $_.Email -like "user*-$Run@example.com" } }
    function Get-RunBinding {
        $ids = @(Get-RunUser | ForEach-Object { "User:$($_.Id)" })
        Get-CcIamRoleBinding @Common | Where-Object { $ids -contains $_.Principal }
    }
}

AfterAll {
    if ($script:Csv) { Remove-Item -Path $script:Csv -ErrorAction SilentlyContinue }
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'Onboarding a CSV with roles, and offboarding it' {
    It 'invites 48 users with their role bindings and reports the 2 bad rows by field' {
        $out = Import-Csv -Path $Csv | New-CcIamInvitation @Common -ErrorVariable failed -ErrorAction SilentlyContinue

        @($out).Count | Should -Be 48
        @($failed).Count | Should -Be 2
        @($failed | ForEach-Object { $_.Exception.Errors[0].ParameterName }) | Should -Be @('Email', 'Environment')
        @($failed | ForEach-Object { $_.TargetObject.email }) | Should -Be @("user17-$Run-at-example.com", "user33-$Run@example.com")
        @(Get-RunBinding).Count | Should -Be $ExpectedBindings
        ($out | ForEach-Object { @($_.RoleBindings).Count } | Measure-Object -Sum).Sum | Should -Be $ExpectedBindings
        $cluster = $out | Where-Object { $_.Email -eq "user02-$Run@example.com" }
        $cluster.RoleBindings[0].Principal | Should -Be "User:$($cluster.UserId)"
        $cluster.RoleBindings[0].CrnPattern | Should -Be "$OrgCrn/environment=env-2/cloud-cluster=lkc-2"
    }

    It 'shows the granted roles in the invitation table' {
        $text = New-CcIamInvitation -Email "user01-$Run@example.com" -RoleName EnvironmentAdmin -Environment env-1 -SkipExisting @Common |
            Format-Table | Out-String -Width 200
        $text | Should -Match 'Roles'
        $text | Should -Match 'EnvironmentAdmin'
    }

    It 'creates nothing new when the same file is run again with -SkipExisting' {
        $before = @(Get-RunBinding).Count
        $out = Import-Csv -Path $Csv | New-CcIamInvitation @Common -SkipExisting -ErrorAction SilentlyContinue

        @($out).Count | Should -Be 48
        @($out | Where-Object { -not $_.AlreadyExisted }).Count | Should -Be 0
        @($out | ForEach-Object { $_.RoleBindings } | Where-Object { -not $_.AlreadyExisted }).Count | Should -Be 0
        @(Get-RunBinding).Count | Should -Be $before
        @(Get-CcIamInvitation @Common | Where-Object { $_.Email -like "user*-$Run@example.com" }).Count | Should -Be 48
    }

    It 'removes every user of the file, withdraws their invitations, and leaves no binding' {
        $out = Import-Csv -Path $Csv | Remove-CcIamUser @Common -Confirm:$false -ErrorAction SilentlyContinue

        @($out).Count | Should -Be 48
        @($out | Where-Object { $_.UserRemoved -and $_.InvitationRemoved }).Count | Should -Be 48
        @(Get-RunUser).Count | Should -Be 0
        @(Get-CcIamInvitation @Common | Where-Object { $_.Email -like "user*-$Run@example.com" }).Count | Should -Be 0
        @(Get-CcIamRoleBinding @Common).Count | Should -Be 0
    }
}
