#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
# The partner journey in real pwsh against the simulator: entitlements, a customer CSV with signups and links,
# interrupted and run again, the table views, and the linking token kept out of every stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Get-CcModuleManifest) -Force
    $script:Examples = Join-Path (Get-CcRepoRoot) 'examples'
    $script:Sim = Start-CcSimulator
    $script:Partner = @{ BaseUri = $Sim.BaseUri; ClientCredential = $Sim.ClientCredential }
    $script:Run = [guid]::NewGuid().ToString('N').Substring(0, 8)

    # The example files with this run's own external ids and linking tokens (the simulator is shared by the suite),
    # reference rows pointing at the entitlements created from examples/partner-entitlements.csv, and one bad row.
    function Get-CustomerRows([object[]] $Entitlements) {
        $references = 0
        foreach ($row in Import-Csv -Path (Join-Path $script:Examples 'partner-customers.csv')) {
            if ($row.external_id) { $row.external_id = "$($row.external_id)-$script:Run" }
            if ($row.related) {
                $entitlement = $Entitlements[$references % $Entitlements.Count]
                $references++
                if ($row.link_token) { $entitlement = $script:LinkEntitlement }
                $row.related = $entitlement.EntitlementUri
                $row.resource_name = $entitlement.EntitlementResourceName
            }
            if ($row.link_token) { $row.link_token = "sim-link-$($row.organization_name -replace '\W', '')-$script:Run" }
            $row
        }
        [pscustomobject]@{ organization_name = 'Bad # Name'; tenant_id = '0f8fad5b-d9cb-469f-a165-70867728950e'; external_id = "bad-$script:Run"
            entitlement_name = 'Bad'; plan_id = 'confluent-cloud-payg-prod'; product_id = 'confluent-cloud-kafka-service-azure'; related = ''; resource_name = ''
            email = ''; given_name = ''; family_name = ''; link_token = '' }
    }
}

AfterAll {
    Stop-CcSimulator -Simulator $script:Sim
}

Describe 'The partner journey from CSV files' {
    It 'creates the entitlements of the example file with the API''s column names, and a re-run with -SkipExisting finds them' {
        $rows = @(Import-Csv -Path (Join-Path $Examples 'partner-entitlements.csv') | ForEach-Object { $_.external_id = "$($_.external_id)-$Run"; $_ })
        $script:Entitlements = @($rows | New-CcPartnerEntitlement @Partner)
        $again = @($rows | New-CcPartnerEntitlement @Partner -SkipExisting)
        $script:LinkEntitlement = New-CcPartnerEntitlement @Partner -EntitlementExternalId "link-ref-$Run" -EntitlementName 'Proseware' `
            -PlanId confluent-cloud-payg-prod -ProductId confluent-cloud-kafka-service-azure

        $Entitlements.Count | Should -Be 2
        $Entitlements[0].PSObject.TypeNames[0] | Should -Be 'ConfluentPartner.PartnerEntitlement'
        $Entitlements[1].UsageReportingId | Should -Be 'usage-0102'
        ($again | Where-Object AlreadyExisted).Count | Should -Be 2
        ($again.EntitlementId -join ',') | Should -Be ($Entitlements.EntitlementId -join ',')
        ($Entitlements | Format-Table | Out-String -Width 200) | Should -Match 'ExternalId\s+Name\s+PlanId\s+EntitlementId\s+OrganizationId\s+Created'
    }

    It 'runs the customer file (signups in both forms and links) interrupted, then again to completion, each customer once' {
        $rows = @(Get-CustomerRows $Entitlements)
        # A run stopped after two outcomes, as Ctrl+C or a crashed runbook would stop it.
        $first = @($rows | New-CcPartnerSignup @Partner -ThrottleLimit 1 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Select-Object -First 2)
        $first.Count | Should -Be 2

        $errors = $null
        $all = @($rows | New-CcPartnerSignup @Partner -SkipExisting -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue)

        $all.Count | Should -Be 7
        @($errors).Count | Should -Be 1
        $errors[0].Exception.Errors[0].ParameterName | Should -Be 'OrganizationName'
        $errors[0].TargetObject.organization_name | Should -Be 'Bad # Name'
        @($all | Where-Object AlreadyExisted).Count | Should -BeGreaterOrEqual 2
        @($all | Where-Object Linked).Count | Should -Be 2
        ($all.OrganizationId | Sort-Object -Unique).Count | Should -Be 7
        $third = @($rows | New-CcPartnerSignup @Partner -SkipExisting -ErrorAction SilentlyContinue)
        @($third | Where-Object AlreadyExisted).Count | Should -Be 7
        $mine = @(Get-CcPartnerOrganization @Partner | Where-Object { $all.OrganizationId -contains $_.OrganizationId })
        $mine.Count | Should -Be 7
    }

    It 'runs a 40-row customer file to 37 outcomes and 3 errors naming their fields, interrupted at row 15 and re-run, each customer once' {
        $tenant = '0f8fad5b-d9cb-469f-a165-70867728950e'
        $pre = @(1..16 | ForEach-Object { [pscustomobject]@{ external_id = "pre40-$_-$Run"; name = "Pre $_"; plan_id = 'confluent-cloud-payg-prod'
            product_id = 'confluent-cloud-kafka-service-azure' } } | New-CcPartnerEntitlement @Partner)
        $rows = foreach ($i in 1..40) {
            $r = [ordered]@{ organization_name = "C40 $i $Run"; tenant_id = $tenant; external_id = ''; entitlement_name = ''; plan_id = ''; product_id = ''
                related = ''; resource_name = ''; email = ''; given_name = ''; family_name = ''; link_token = '' }
            if ($i -le 24) {
                $r.external_id = "c40-$i-$Run"; $r.entitlement_name = "Prod $i"; $r.plan_id = 'confluent-cloud-payg-prod'; $r.product_id = 'confluent-cloud-kafka-service-azure'
                if ($i % 2) { $r.email = "admin$i@example.com"; $r.given_name = 'Ada'; $r.family_name = 'Lovelace' }
            }
            else {
                $e = $pre[($i - 25) % $pre.Count]
                $r.related = $e.EntitlementUri; $r.resource_name = $e.EntitlementResourceName
            }
            if ($i -ge 33) { $r.link_token = "sim-link-c40-$i-$Run" }
            if ($i -eq 5) { $r.plan_id = 'gold-plan' }
            if ($i -eq 20) { $r.organization_name = "Bad # $i" }
            if ($i -eq 36) { $r.email = 'someone@example.com' }  # a link takes no user
            [pscustomobject]$r
        }
        $csv = Join-Path ([System.IO.Path]::GetTempPath()) "customers40-$Run.csv"
        $rows | Export-Csv -Path $csv -NoTypeInformation
        try {
            # Interrupted after 15 outcomes (what Ctrl+C or a crashed runbook does to a pipeline).
            $first = @(Import-Csv $csv | New-CcPartnerSignup @Partner -ThrottleLimit 2 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue |
                Select-Object -First 15)
            $first.Count | Should -Be 15

            $errors = $null
            $all = @(Import-Csv $csv | New-CcPartnerSignup @Partner -SkipExisting -WarningAction SilentlyContinue -ErrorVariable errors -ErrorAction SilentlyContinue)

            $all.Count | Should -Be 37
            @($errors).Count | Should -Be 3
            ($errors | ForEach-Object { $_.Exception.Errors[0].ParameterName }) -join ',' | Should -Be 'PlanId,OrganizationName,UserEmail'
            @($all | Where-Object AlreadyExisted).Count | Should -BeGreaterOrEqual 15
            @($all | Where-Object Linked).Count | Should -Be 7
            $mine = @(Get-CcPartnerOrganization @Partner | Where-Object { $all.OrganizationId -contains $_.OrganizationId })
            $mine.Count | Should -Be 37
            @($mine.OrganizationId | Sort-Object -Unique).Count | Should -Be 37
            @(Get-CcPartnerEntitlement @Partner | Where-Object { $_.ExternalId -like "c40-*-$Run" }).Count | Should -Be 22
        }
        finally { Remove-Item -Path $csv -ErrorAction SilentlyContinue }
    }

    It 'shows organizations as a table a partner scans: name, id, SSO login URL, created' {
        $text = Get-CcPartnerOrganization @Partner -Name 'Contoso*' | Format-Table | Out-String -Width 250
        $text | Should -Match 'Name\s+OrganizationId\s+SsoUrl\s+Created'
        $text | Should -Match 'Contoso Ltd\s+\S+\s+https://'
    }

    It 'never shows a linking token, in any stream, with -Verbose, -WhatIf and a refused row' {
        $token = "sim-link-secret-$Run"
        $row = [pscustomobject]@{ tenant_id = '0f8fad5b-d9cb-469f-a165-70867728950e'; external_id = "tok-$Run"; entitlement_name = 'T'
            plan_id = 'confluent-cloud-payg-prod'; product_id = 'gold'; link_token = $token }
        $text = & {
            # The refused row stays a non-terminating error here, so its text lands in the captured streams.
            $row | Connect-CcPartnerOrganization @Partner -Verbose -ErrorAction Continue
            $row | Test-CcPartnerSignup @Partner -Detailed -Verbose -ErrorAction Continue
            $row | New-CcPartnerSignup @Partner -WhatIf -Verbose -ErrorAction Continue
        } *>&1 | Out-String -Width 400
        $text | Should -Match 'ProductId'
        $text | Should -Not -Match ([regex]::Escape($token))
    }

    It 'has help with examples for every partner journey cmdlet' {
        foreach ($name in 'Get-CcPartnerEntitlement', 'New-CcPartnerEntitlement', 'Get-CcPartnerOrganization', 'Connect-CcPartnerOrganization') {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        }
    }
}
