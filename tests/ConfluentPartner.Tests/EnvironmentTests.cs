using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

[CollectionDefinition("Environment variables", DisableParallelization = true)]
public class EnvironmentCollection { }

/// <summary>Credential and endpoint resolution that reads process environment variables; never run in parallel.</summary>
[Collection("Environment variables")]
public class EnvironmentTests
{
    [Fact]
    public async Task Without_any_credential_the_cmdlet_stops_and_lists_every_way_to_give_one()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean();
        var run = ModuleHost.Run("New-CcIamInvitation -Email a@example.com -BaseUri $BaseUri", sim.Vars());
        Assert.NotNull(run.Terminating);
        var record = run.Terminating!.ErrorRecord;
        Assert.Equal("NoCredential,ConfluentPartner.Commands.NewCcIamInvitationCommand", record.FullyQualifiedErrorId);
        foreach (var way in new[] { "-Credential", "-AccessToken", "Connect-CcCloud", "CONFLUENT_CLOUD_API_KEY", "CONFLUENT_CLOUD_API_SECRET" })
            Assert.Contains(way, record.Exception.Message);
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task The_Terraform_environment_variables_and_base_uri_variable_are_used_when_no_parameter_is_given()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean(("CONFLUENT_CLOUD_API_KEY", sim.Options.ApiKey), ("CONFLUENT_CLOUD_API_SECRET", sim.Options.ApiSecret),
            ("CONFLUENT_CLOUD_BASE_URI", sim.BaseUri.ToString()));
        var run = ModuleHost.Run("New-CcIamInvitation -Email env@example.com -Verbose", sim.Vars());
        Assert.Empty(run.Errors);
        Assert.Single(run.Output);
        Assert.Contains(run.Verbose, v => v.Message.Contains("from environment"));
        Assert.DoesNotContain(sim.Options.ApiSecret, run.AllText());
    }
}
