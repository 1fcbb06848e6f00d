using System.Management.Automation;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Links a customer's existing Confluent Cloud organization to a marketplace entitlement (POST /partner/v2/signup/link),
    /// named by the linking token the customer generated. The entitlement is new (its details) or created earlier (a reference).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "CcPartnerOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = DetailsSet)]
    [OutputType(typeof(PartnerSignupResult))]
    public sealed class ConnectCcPartnerOrganizationCommand : PartnerSignupCmdlet
    {
        /// <summary>Report a customer an earlier run linked (its entitlement exists and has an organization) instead of sending the row again.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        protected override string ProgressActivity => "Linking customer organizations";

        /// <summary>Every row is a link; one without a token is refused naming -LinkToken.</summary>
        protected override void ProcessRecord() => SubmitLink(SkipExisting.IsPresent);
    }
}
