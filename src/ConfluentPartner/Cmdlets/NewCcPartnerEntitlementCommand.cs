using System.Management.Automation;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Creates marketplace entitlements ahead of the signup (POST /partner/v2/entitlements). A create that may have reached the
    /// server is looked up by its external id before anything is sent again, so none is made twice.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CcPartnerEntitlement", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = DetailsSet)]
    [OutputType(typeof(PartnerEntitlement))]
    public sealed class NewCcPartnerEntitlementCommand : PartnerEntitlementCmdlet
    {
        /// <summary>Report an entitlement an earlier run created (same external id) instead of a ResourceExists error.</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        protected override string ProgressActivity => "Creating marketplace entitlements";

        protected override void ProcessRecord()
        {
            var request = ContractValidator.Check(CreateEntitlementRequest.FromDetails(BuildDetails()));
            var skipExisting = SkipExisting.IsPresent;
            Bulk.Submit(InputObject ?? (object?)EntitlementExternalId ?? "", request,
                r => ($"Entitlement '{r.ExternalId}'", $"Create entitlement '{r.Name}' ({r.PlanId}, {r.ProductId})"),
                async (client, r, token) =>
                {
                    var result = await client.Entitlements.CreateAsync(request, skipExisting, token).ConfigureAwait(false);
                    return RowOutcome.Success(PartnerEntitlement.From(result.Value, result.RequestId, result.AlreadyExisted));
                });
        }
    }
}
