using System.Management.Automation;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;
using ConfluentPartner.Session;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// Lists the partner's customer organizations (GET /partner/v2/organizations, every page, written as each page arrives),
    /// or gets organizations by id (GET /partner/v2/organizations/{id}); piped entitlements give their OrganizationId.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CcPartnerOrganization", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(PartnerOrganization))]
    public sealed class GetCcPartnerOrganizationCommand : CcPartnerCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        /// <summary>Organization ids; bind from piped entitlements, signup results and CSV rows by property name.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrganizationId", "organization_id")]
        [AllowEmptyString]
        [AllowNull]
        public string[]? Id { get; set; }

        /// <summary>Only organizations whose name matches this wildcard pattern (any case), e.g. 'Contoso*'; the API has no name filter, so the list is filtered as it is read.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The piped object itself, kept as the TargetObject of its error.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = IdSet, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != IdSet) return;
            foreach (var given in Id ?? new string?[] { null }) GetById(given, InputObject ?? (object?)given ?? "");
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ListSet) List();
            Log.Flush(this);
        }

        private void GetById(string? given, object target)
        {
            var id = InputText.Clean(given);
            if (id == null)
            {
                WriteErrors(new[] { ErrorRecordMapper.Simple(new System.ArgumentException(
                    "-Id: no organization id (an entitlement that was not signed up or linked yet has none)."), "required_field_missing",
                    ErrorCategory.InvalidArgument, target) }, stop: false);
                return;
            }
            try
            {
                var result = Wait(Client.Organizations.GetAsync(id, Cancellation));
                WriteObject(PartnerOrganization.From(result.Value, result.RequestId));
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, target);
            }
        }

        private void List()
        {
            try
            {
                var pattern = Name == null ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
                var organizations = Client.Organizations.List(Cancellation);
                while (Wait(organizations.MoveNextAsync()))
                {
                    if (pattern != null && !pattern.IsMatch(organizations.Current.Value.Name ?? "")) continue;
                    WriteObject(PartnerOrganization.From(organizations.Current.Value, organizations.Current.RequestId));
                    Log.Flush(this);
                }
            }
            catch (CcApiException ex)
            {
                WriteApiError(ex, null);
            }
        }
    }
}
