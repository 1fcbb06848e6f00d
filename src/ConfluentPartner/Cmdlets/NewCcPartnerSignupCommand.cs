using System.Management.Automation;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Signs up a customer (POST /partner/v2/signup): creates the organization, its marketplace entitlement (or links one
    /// created earlier) and, when the user fields are given, its first user. A row with a linking token links the customer's
    /// existing organization instead (POST /partner/v2/signup/link), so one customer CSV can hold both.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CcPartnerSignup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = DetailsSet)]
    [OutputType(typeof(PartnerSignupResult))]
    public sealed class NewCcPartnerSignupCommand : PartnerSignupCmdlet
    {
        /// <summary>Report a customer an earlier run signed up or linked (its entitlement exists and has an organization) instead of sending the row again.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        protected override string ProgressActivity => "Signing up customers to Confluent Cloud";

        protected override void ProcessRecord() => SubmitRow(SkipExisting.IsPresent);
    }
}
