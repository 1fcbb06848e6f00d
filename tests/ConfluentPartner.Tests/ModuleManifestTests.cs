using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

public class ModuleManifestTests
{
    private static readonly string[] Exported =
        ["Connect-CcCloud", "Disconnect-CcCloud", "Get-CcContext", "Get-CcIamInvitation", "New-CcIamInvitation", "Remove-CcIamInvitation",
         "New-CcPartnerSignup", "Test-CcPartnerSignup", "Complete-CcPartnerSignup",
         "Get-CcPartnerEntitlement", "New-CcPartnerEntitlement", "Get-CcPartnerOrganization", "Connect-CcPartnerOrganization",
         "Get-CcIamUser", "Remove-CcIamUser", "Get-CcIamRoleBinding", "New-CcIamRoleBinding", "Remove-CcIamRoleBinding"];

    [Fact]
    public void Test_ModuleManifest_passes_on_the_built_module()
    {
        var run = ModuleHost.Run($"Test-ModuleManifest -Path '{ModuleHost.ModuleManifest}'", importModule: false);
        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        var manifest = Assert.Single(run.Output);
        Assert.Equal("ConfluentPartner", manifest.Properties["Name"].Value);
        var editions = ((IEnumerable<object>)manifest.Properties["CompatiblePSEditions"].Value).Select(o => o.ToString()).ToList();
        Assert.Contains("Desktop", editions);
        Assert.Contains("Core", editions);
    }

    [Fact]
    public void The_module_exports_exactly_its_cmdlets()
    {
        var run = ModuleHost.Run("Get-Command -Module ConfluentPartner | ForEach-Object Name");
        Assert.Null(run.Terminating);
        Assert.Equal(Exported.OrderBy(n => n), run.Output.Select(o => o.ToString()).OrderBy(n => n));
    }

    [Fact]
    public void Invitations_print_as_the_default_table_view()
    {
        var host = new CapturingHost();
        ModuleHost.Run("""
            $i = [ConfluentPartner.IamInvitation]::new()
            $i.Email = 'view@example.com'; $i.Status = 'INVITE_STATUS_SENT'; $i.Id = 'i-view1'; $i.AuthType = 'AUTH_TYPE_SSO'; $i.AlreadyExisted = $true
            $i | Out-Default
            """, host: host);
        var lines = host.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^Email\s+Status\s+AuthType\s+Id\s+ExpiresAt\s+Roles$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("view@example.com") && l.Contains("INVITE_STATUS_SENT (existing)") && l.Contains("i-view1"));
    }

    [Fact]
    public async Task The_context_prints_as_a_table_of_ids_and_never_a_secret()
    {
        await using var sim = await ConfluentCloud.Simulator.CloudSimulator.StartAsync();
        var host = new CapturingHost();
        var run = ModuleHost.Run("Connect-CcCloud -Credential $Cred -ClientCredential $Client -BaseUri $BaseUri | Out-Default; Get-CcContext | Out-Default",
            sim.Vars(), host: host);
        Assert.Null(run.Terminating);
        var lines = host.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^AuthenticationType\s+ApiKey\s+ClientId\s+BaseUri\s+Source\s+ConnectedAt$", lines[0]);
        Assert.Equal(2, lines.Count(l => l.StartsWith("ApiKey, ClientCredential " + sim.Options.ApiKey + " " + sim.Options.OAuthClientId)));
        foreach (var secret in sim.Secrets()) Assert.DoesNotContain(secret, host.Text);
    }
}
