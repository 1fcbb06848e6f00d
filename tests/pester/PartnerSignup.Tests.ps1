#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# Run from the repo root after a build: Invoke-Pester tests/pester
# New-, Test- and Complete-CcPartnerSignup against the simulator (partner/v2 takes OAuth bearer tokens only).
# Written for Windows PowerShell 5.1 and PowerShell 7.4+: no ?? or ?:, no cmdlets newer than 5.1.

BeforeAll {
    $repoRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    Import-Module (Join-Path $PSScriptRoot 'Simulator.psm1') -Force
    Import-Module (Join-Path $repoRoot 'out/ConfluentPartner/ConfluentPartner.psd1') -Force
    $script:Examples = Join-Path $repoRoot 'examples'
    $script:Sim = Start-CcSimulator -Port 5197
    $script:Partner = @{ BaseUri = $Sim.BaseUri; ClientCredential = $Sim.ClientCredential }
    # Every test uses its own external ids: the suite shares one simulator.
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)
    $script:Tenant = 'b3a17773-05cc-4431-9560-433fb4613da8'
    $script:Plan = 'confluent-cloud-payg-prod'
    $script:Product = 'confluent-cloud-kafka-service-azure'

    # A row as Import-Csv returns it: every property a string, snake_case headers.
    function New-SignupRow([string] $Key, [switch] $NoUser) {
        $row = [pscustomobject]@{
            organization_name = "Customer $Key"
            tenant_id         = $script:Tenant
            external_id       = "ext-$Key-$script:Run"
            entitlement_name  = "Prod $Key"
            plan_id           = $script:Plan
            product_id        = $script:Product
            email             = "admin@$Key.example.com"
            given_name        = 'Ada'
            family_name       = 'Lovelace'
        }
        if ($NoUser) { $row.email = ''; $row.given_name = ''; $row.family_name = '' }
        $row
    }
}

AfterAll {
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'New-CcPartnerSignup' {
    It 'signs up every customer of examples/customers.csv and warns about the one without a user' {
        $warnings = $null
        $result = @(Import-Csv (Join-Path $Examples 'customers.csv') | New-CcPartnerSignup @Partner -WarningVariable warnings -WarningAction SilentlyContinue)

        $result.Count | Should -Be 3
        $result[0].PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.PartnerSignupResult'
        $result[0].OrganizationName | Should -Be 'Contoso Ltd'
        $result[0].EntitlementExternalId | Should -Be 'az-sub-0001'
        $result[0].OrganizationId | Should -Not -BeNullOrEmpty
        $result[0].SsoUrl | Should -Match '^https://'
        $result[0].RequestId | Should -Not -BeNullOrEmpty
        $pending = @($result | Where-Object { $_.ActivationPending })
        $pending.Count | Should -Be 1
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match ([regex]::Escape("Complete-CcPartnerSignup -OrganizationId $($pending[0].OrganizationId)"))
    }

    It 'sends exactly the contract''s JSON: snake_case, the sso_config kind, no unset optional' {
        $DebugPreference = 'Continue'
        $records = @(New-CcPartnerSignup -OrganizationName 'Acme Organization' -SsoTenantId $Tenant -EntitlementExternalId "body-$Run" `
                -EntitlementName 'Acme Prod Entitlement' -PlanId $Plan -ProductId $Product @Partner 5>&1)
        $DebugPreference = 'SilentlyContinue'

        $bodies = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -match '/partner/v2/signup body: ' })
        $bodies.Count | Should -Be 1
        $body = ($bodies[0].Message -split ' body: ', 2)[1]
        $body | Should -BeExactly ('{"organization":{"name":"Acme Organization","sso_config":{"kind":"AzureSSOConfig","tenant_id":"' + $Tenant + '"}},' +
            '"entitlement":{"external_id":"body-' + $Run + '","name":"Acme Prod Entitlement","plan_id":"' + $Plan + '","product_id":"' + $Product + '"}}')
    }

    It 'reports each broken field of a bad row as its own error naming the parameter, and goes on with the others' {
        $bad = New-SignupRow 'bad'
        $bad.plan_id = 'free'
        $bad.given_name = ''
        $errs = $null
        $result = @((New-SignupRow 'ok1'), $bad, (New-SignupRow 'ok2') | New-CcPartnerSignup @Partner -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

        $result.Count | Should -Be 2
        $errs.Count | Should -Be 2
        $errs[0].FullyQualifiedErrorId | Should -Be 'invalid_value,ConfluentPartner.Commands.NewCcPartnerSignupCommand'
        $errs[0].ErrorDetails.Message | Should -Match '^-PlanId: .*free'
        $errs[1].FullyQualifiedErrorId | Should -Be 'required_field_missing,ConfluentPartner.Commands.NewCcPartnerSignupCommand'
        $errs[1].ErrorDetails.Message | Should -Match '^-UserGivenName: '
        foreach ($e in $errs) {
            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $e.TargetObject.organization_name | Should -Be 'Customer bad'
        }
    }

    It 'reports an entitlement that exists as ResourceExists with the conflicting resource' {
        $row = New-SignupRow 'dup'
        $row | New-CcPartnerSignup @Partner | Out-Null
        $errs = $null
        $row | New-CcPartnerSignup @Partner -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null

        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errs[0].FullyQualifiedErrorId | Should -Be 'resource_already_exists,ConfluentPartner.Commands.NewCcPartnerSignupCommand'
        $errs[0].ErrorDetails.Message | Should -Match 'Existing resource: http://127\.0\.0\.1:5197/partner/v2/entitlements/'
    }

    It 'sends nothing with -WhatIf and needs no credential' {
        $row = New-SignupRow 'whatif'
        $row | New-CcPartnerSignup -BaseUri $Sim.BaseUri -WhatIf | Should -BeNullOrEmpty
        # Had -WhatIf sent it, this would be a 409.
        ($row | New-CcPartnerSignup @Partner).EntitlementExternalId | Should -Be "ext-whatif-$Run"
    }

    It 'fetches one OAuth token for all rows of a call' {
        $rows = 1..6 | ForEach-Object { New-SignupRow "token$_" }
        $verbose = @($rows | New-CcPartnerSignup @Partner -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        @($verbose | Where-Object { $_.Message -match '/oauth2/token \(' }).Count | Should -Be 1
        @($verbose | Where-Object { $_.Message -match '/partner/v2/signup -> 201' }).Count | Should -Be 6
    }

    It 'refuses an API key: the partner API takes OAuth bearer tokens' {
        { New-SignupRow 'key' | New-CcPartnerSignup -BaseUri $Sim.BaseUri -Credential $Sim.Credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'NoCredential,ConfluentPartner.Commands.NewCcPartnerSignupCommand'
    }

    It 'stops on a refused client secret' {
        $wrong = New-Object System.Management.Automation.PSCredential('sim-client-id', (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        { New-SignupRow 'wrong' | New-CcPartnerSignup -BaseUri $Sim.BaseUri -ClientCredential $wrong -ErrorAction Stop } |
            Should -Throw -ErrorId 'oauth_token_refused,ConfluentPartner.Commands.NewCcPartnerSignupCommand'
    }

    It 'never shows a secret in any stream, even with verbose and debug output on' {
        # $DebugPreference rather than -Debug: on Windows PowerShell 5.1 -Debug means Inquire and would prompt.
        $DebugPreference = 'Continue'
        $all = New-SignupRow 'secret' | New-CcPartnerSignup @Partner -Verbose *>&1 | Out-String
        $DebugPreference = 'SilentlyContinue'
        $all | Should -Match 'POST .*/partner/v2/signup'
        foreach ($secret in $Sim.Secrets) { $all | Should -Not -Match ([regex]::Escape($secret)) }
        $all | Should -Not -Match 'Authorization'
        $all | Should -Not -Match 'sim-at-'
    }
}

Describe 'Test-CcPartnerSignup' {
    It 'answers $true or $false per row like Test-Path, with the reasons as errors, and creates nothing' {
        $good = New-SignupRow 'test-ok'
        $bad = New-SignupRow 'test-bad'
        $bad.organization_name = 'Acme #1'
        $errs = $null
        $answers = @($good, $bad | Test-CcPartnerSignup @Partner -ErrorVariable errs -ErrorAction SilentlyContinue)

        $answers | Should -Be @($true, $false)
        $errs.Count | Should -Be 1
        $errs[0].ErrorDetails.Message | Should -Match '^-OrganizationName: '
        # Nothing was created: the real signup of the good row still succeeds.
        ($good | New-CcPartnerSignup @Partner).OrganizationName | Should -Be 'Customer test-ok'
    }

    It 'returns a typed verdict per row with -Detailed' {
        $bad = New-SignupRow 'detailed'
        $bad.product_id = 'kafka-on-mars'
        $result = @($bad | Test-CcPartnerSignup @Partner -Detailed)

        $result.Count | Should -Be 1
        $result[0].PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.PartnerSignupTestResult'
        $result[0].IsValid | Should -BeFalse
        $result[0].Errors[0].Parameter | Should -Be 'ProductId'
        $result[0].Errors[0].Pointer | Should -Be '/entitlement/product_id'
        $result[0].Errors[0].Code | Should -Be 'invalid_value'
    }

    It 'checks the contract offline without a credential' {
        $saved = $env:CONFLUENT_PARTNER_CLIENT_ID
        $env:CONFLUENT_PARTNER_CLIENT_ID = $null
        try {
            New-SignupRow 'offline' | Test-CcPartnerSignup -Offline | Should -BeTrue
        }
        finally { $env:CONFLUENT_PARTNER_CLIENT_ID = $saved }
    }
}

Describe 'Complete-CcPartnerSignup' {
    It 'completes a signup made without a user, piped from New-CcPartnerSignup, and refuses a second completion' {
        $signup = New-SignupRow 'complete' -NoUser | New-CcPartnerSignup @Partner -WarningAction SilentlyContinue
        $signup.ActivationPending | Should -BeTrue

        $done = $signup | Complete-CcPartnerSignup -UserEmail 'owner@complete.example.com' -UserGivenName Ada -UserFamilyName Lovelace @Partner
        $done.OrganizationId | Should -Be $signup.OrganizationId
        $done.OrganizationName | Should -Be 'Customer complete'
        $done.UserEmail | Should -Be 'owner@complete.example.com'
        $done.ActivationPending | Should -BeFalse

        $errs = $null
        $signup | Complete-CcPartnerSignup -UserEmail 'owner@complete.example.com' -UserGivenName Ada -UserFamilyName Lovelace @Partner `
            -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $errs[0].ErrorDetails.Message | Should -Match 'already complete'
    }
}
