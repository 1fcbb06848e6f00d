using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Bulk;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Resources;
using ConfluentPartner.Client.Validation;
using ConfluentPartner.Errors;
using ConfluentPartner.Input;

namespace ConfluentPartner.Commands
{
    /// <summary>
    /// The parameters of a partner signup (PartnerSignupRequest) and link (PartnerLinkRequest), shared by New-CcPartnerSignup,
    /// Test-CcPartnerSignup and Connect-CcPartnerOrganization. The contract's entitlement <c>oneOf</c> is two parameter sets:
    /// the details of a new entitlement (declared in <see cref="PartnerEntitlementCmdlet"/>), or a reference to one created
    /// earlier. A row with a linking token (-LinkToken, CSV column link_token or token) is a link of an existing organization.
    /// </summary>
    public abstract class PartnerSignupCmdlet : PartnerEntitlementCmdlet
    {
        private const string Redacted = "(redacted)";

        // ---- organization

        /// <summary>The customer's organization name: 1 to 31 characters, none of &lt; &gt; # % ' * ^ ` { | } ~ ". Required for a signup, optional for a link.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("organization_name", "OrgName")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/organization/name")]
        public string? OrganizationName { get; set; }

        /// <summary>The customer's Azure AD (Entra ID) tenant id, sent as sso_config {kind: AzureSSOConfig, tenant_id}.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("tenant_id", "sso_tenant_id", "TenantId", "AzureTenantId")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/organization/sso_config")]
        public string? SsoTenantId { get; set; }

        // ---- entitlement reference (an entitlement created earlier)

        /// <summary>The API URL of an entitlement created earlier (related), e.g. https://api.confluent.cloud/partner/v2/entitlements/{id}.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("related", "entitlement_related", "entitlement_uri", "entitlement_url", "EntitlementRelated")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/related")]
        public string? EntitlementUri { get; set; }

        /// <summary>The CRN of the entitlement created earlier (resource_name), e.g. crn://confluent.cloud/entitlement={id}.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("resource_name", "entitlement_resource_name", "entitlement_crn")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/resource_name")]
        public string? EntitlementResourceName { get; set; }

        /// <summary>The id of the entitlement created earlier; taken from -EntitlementUri (…/entitlements/{id}) when omitted.</summary>
        [Parameter(ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_id")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/id")]
        public string? EntitlementId { get; set; }

        /// <summary>The environment of the referenced entitlement, if it is environment-scoped.</summary>
        [Parameter(ParameterSetName = ReferenceSet, ValueFromPipelineByPropertyName = true)]
        [Alias("entitlement_environment")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/entitlement/environment")]
        public string? EntitlementEnvironment { get; set; }

        // ---- user (signup only; optional, all or nothing)

        /// <summary>The first user's email. Give all three user fields, or none (then Complete-CcPartnerSignup adds the user later). Not for a link.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("email", "user_email")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/email")]
        public string? UserEmail { get; set; }

        /// <summary>The first user's given name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("given_name", "user_given_name", "GivenName", "FirstName")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/given_name")]
        public string? UserGivenName { get; set; }

        /// <summary>The first user's family name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("family_name", "user_family_name", "FamilyName", "LastName", "Surname")]
        [AllowEmptyString]
        [AllowNull]
        [RequestField("/user/family_name")]
        public string? UserFamilyName { get; set; }

        // ---- link

        /// <summary>
        /// The linking token the customer generated for their existing organization (a secret: SecureString; a CSV cell is
        /// converted on binding). A row with a token links that organization (POST /partner/v2/signup/link) instead of creating one.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("link_token", "linking_token", "token")]
        [SecretText]
        [AllowNull]
        [RequestField("/token")]
        public SecureString? LinkToken { get; set; }

        /// <summary>True for a link row: a linking token was given.</summary>
        internal bool IsLink => LinkToken != null && LinkToken.Length > 0;

        /// <summary>
        /// What ErrorRecords point at: the piped row (a copy with the token cells redacted when it carries a token),
        /// else the organization name.
        /// </summary>
        internal object Target => RedactedRow() ?? (object?)OrganizationName ?? "";

        private PSObject? RedactedRow()
        {
            if (InputObject == null) return null;
            var tokenNames = new[] { nameof(LinkToken) }.Concat(MyInvocation.MyCommand.Parameters[nameof(LinkToken)].Aliases).ToList();
            bool IsSecret(PSPropertyInfo p) => tokenNames.Contains(p.Name, StringComparer.OrdinalIgnoreCase);
            if (!InputObject.Properties.Any(p => IsSecret(p) && !string.IsNullOrWhiteSpace(SafeValue(p) as string))) return InputObject;
            var copy = new PSObject();
            foreach (var property in InputObject.Properties)
            {
                var value = SafeValue(property);
                copy.Properties.Add(new PSNoteProperty(property.Name, IsSecret(property) && value != null && !"".Equals(value) ? Redacted : value));
            }
            return copy;
        }

        private static object? SafeValue(PSPropertyInfo property)
        {
            try
            {
                var value = property.Value;
                return value is PSObject wrapped && !(wrapped.BaseObject is PSCustomObject) ? wrapped.BaseObject : value;
            }
            catch (GetValueException) { return null; }
        }

        /// <summary>The signup exactly as the contract wants it: trimmed values, unset optionals left null (omitted).</summary>
        internal Checked<PartnerSignupRequest> BuildSignup() => ContractValidator.Check(new PartnerSignupRequest
        {
            Organization = BuildOrganization(),
            Entitlement = BuildEntitlement(),
            User = BuildUser(),
        });

        /// <summary>The link (the token revealed only into the request body), and the user cells a link cannot take.</summary>
        internal (Checked<PartnerLinkRequest> Request, IReadOnlyList<CcApiError> Violations) BuildLink()
        {
            var request = ContractValidator.Check(new PartnerLinkRequest
            {
                Token = LinkToken == null ? null : InputText.Clean(new NetworkCredential(string.Empty, LinkToken).Password),
                Organization = BuildOrganization(),
                Entitlement = BuildEntitlement(),
            });
            var violations = request.Violations.ToList();
            var user = BuildUser();
            if (user != null)
            {
                var pointer = user.Email != null ? "/user/email" : user.GivenName != null ? "/user/given_name" : "/user/family_name";
                violations.Add(new CcApiError("invalid_value",
                    "A link adds no user: the existing organization has its users already. Leave the user cells of link rows empty.", pointer, "Invalid value"));
            }
            return (request, violations);
        }

        private SignupOrganization BuildOrganization() => new SignupOrganization
        {
            Name = InputText.Clean(OrganizationName),
            SsoConfig = new AzureSsoConfig { TenantId = InputText.Clean(SsoTenantId) },
        };

        /// <summary>A piped entitlement (this module's or the API's shape) as a reference; else the row's details and reference cells together.</summary>
        private SignupEntitlement BuildEntitlement() => PipedEntitlement() ?? Merge(BuildDetails(), BuildReference());

        /// <summary>
        /// An entitlement piped in: a PartnerEntitlement from Get-/New-CcPartnerEntitlement, or the API's partner.v2.Entitlement
        /// (kind 'Entitlement', from Invoke-RestMethod or ConvertFrom-Json). Its external_id, name, plan_id and product_id
        /// describe the existing entitlement, not a new one to create: it is sent as a reference.
        /// </summary>
        private SignupEntitlement? PipedEntitlement()
        {
            if (InputObject?.BaseObject is PartnerEntitlement ours)
                return new SignupEntitlement { Id = ours.EntitlementId, Related = ours.EntitlementUri, ResourceName = ours.EntitlementResourceName };
            if (InputObject == null || !string.Equals(Member(InputObject, "kind") as string, "Entitlement", StringComparison.Ordinal)) return null;
            var metadata = Member(InputObject, "metadata");
            if (metadata == null) return null;
            var related = InputText.Clean(Member(metadata, "self") as string);
            return new SignupEntitlement
            {
                Id = InputText.Clean(Member(InputObject, "id") as string) ?? Entitlements.IdFromUrl(related, "entitlements"),
                Related = related,
                ResourceName = InputText.Clean(Member(metadata, "resource_name") as string),
            };
        }

        /// <summary>A property of a PSObject (e.g. from ConvertFrom-Json) or a key of a hashtable, unwrapped.</summary>
        private static object? Member(object container, string name)
        {
            var value = container is IDictionary dictionary ? dictionary[name] : PSObject.AsPSObject(container).Properties[name]?.Value;
            return value is PSObject wrapped ? (wrapped.BaseObject is PSCustomObject ? wrapped : wrapped.BaseObject) : value;
        }

        private SignupEntitlement BuildReference()
        {
            var related = Cell(EntitlementUri, nameof(EntitlementUri));
            return new SignupEntitlement
            {
                Id = Cell(EntitlementId, nameof(EntitlementId)) ?? Entitlements.IdFromUrl(related, "entitlements"),
                Related = related,
                ResourceName = Cell(EntitlementResourceName, nameof(EntitlementResourceName)),
                Environment = Cell(EntitlementEnvironment, nameof(EntitlementEnvironment)),
            };
        }

        /// <summary>One entitlement carrying whatever either form gave; the contract check refuses a mix.</summary>
        private static SignupEntitlement Merge(SignupEntitlement details, SignupEntitlement reference) => new SignupEntitlement
        {
            ExternalId = details.ExternalId,
            Name = details.Name,
            PlanId = details.PlanId,
            ProductId = details.ProductId,
            UsageReportingId = details.UsageReportingId,
            ResourceId = details.ResourceId,
            Organization = details.Organization,
            Id = reference.Id,
            Related = reference.Related,
            ResourceName = reference.ResourceName,
            Environment = reference.Environment,
        };

        private SignupUser? BuildUser()
        {
            var user = new SignupUser
            {
                Email = InputText.Clean(UserEmail),
                GivenName = InputText.Clean(UserGivenName),
                FamilyName = InputText.Clean(UserFamilyName),
            };
            return user.Email == null && user.GivenName == null && user.FamilyName == null ? null : user;
        }

        // ---- sending (New-CcPartnerSignup, Connect-CcPartnerOrganization)

        private Task<Dictionary<string, Entitlement>>? _existing;

        /// <summary>Queues this row's signup, or its link when it carries a token; with <paramref name="skipExisting"/> what an earlier run made is reported instead.</summary>
        internal void SubmitRow(bool skipExisting)
        {
            if (IsLink) SubmitLink(skipExisting);
            else SubmitSignup(skipExisting);
        }

        private void SubmitSignup(bool skipExisting)
        {
            var request = BuildSignup();
            Bulk.Submit(Target, request, r =>
            {
                var user = r.User != null ? $", first user {r.User.Email}" : ", no user yet";
                return ($"Organization '{r.Organization!.Name}'", $"Sign up with {What(r.Entitlement!)}{user}");
            }, async (client, r, token) =>
            {
                if (skipExisting && await ExistingAsync(client, r.Entitlement!, linked: false, token).ConfigureAwait(false) is { } existing) return existing;
                try
                {
                    var result = PartnerSignupResult.From(await client.Signups.CreateAsync(request, token).ConfigureAwait(false));
                    Describe(result, r.Organization, r.Entitlement);
                    result.UserEmail = r.User?.Email;
                    result.ActivationPending = r.User == null;
                    var warning = result.ActivationPending
                        ? $"Organization '{result.OrganizationName}' ({result.OrganizationId}) was signed up without a user. Complete the signup with: " +
                          $"Complete-CcPartnerSignup -OrganizationId {result.OrganizationId} -UserEmail <email> -UserGivenName <given name> -UserFamilyName <family name>"
                        : null;
                    return RowOutcome.Success(result, warning);
                }
                catch (CcApiException ex) when (skipExisting && ex.StatusCode == 409 && !(ex is CcOutcomeUnknownException))
                {
                    return await ExistingAfterConflictAsync(client, ex, r.Entitlement!, linked: false, token).ConfigureAwait(false) ?? throw ex;
                }
            }, SignupRemedies.Signup(request.Request, dryRun: false));
        }

        internal void SubmitLink(bool skipExisting)
        {
            var (request, violations) = BuildLink();
            if (violations.Count > request.Violations.Count)
            {
                Bulk.Add(ErrorRecordMapper.Outcome(CcApiException.Validation(violations), Target, Bulk.Fields));
                return;
            }
            Bulk.Submit(Target, request, r =>
                ($"Existing organization{(r.Organization?.Name != null ? " '" + r.Organization.Name + "'" : "")} (linking token)", $"Link to {What(r.Entitlement!)}"),
                async (client, r, token) =>
                {
                    if (skipExisting && await ExistingAsync(client, r.Entitlement!, linked: true, token).ConfigureAwait(false) is { } existing) return existing;
                    try
                    {
                        var result = PartnerSignupResult.From(await client.Signups.LinkAsync(request, token).ConfigureAwait(false));
                        Describe(result, r.Organization, r.Entitlement);
                        result.Linked = true;
                        return RowOutcome.Success(result);
                    }
                    catch (CcApiException ex) when (skipExisting && ex.StatusCode == 409 && !(ex is CcOutcomeUnknownException))
                    {
                        return await ExistingAfterConflictAsync(client, ex, r.Entitlement!, linked: true, token).ConfigureAwait(false) ?? throw ex;
                    }
                }, SignupRemedies.Link(request.Request, dryRun: false));
        }

        /// <summary>The entitlement as ShouldProcess names it.</summary>
        private static string What(SignupEntitlement entitlement) => entitlement.ExternalId != null
            ? $"entitlement '{entitlement.ExternalId}' ({entitlement.PlanId}, {entitlement.ProductId})"
            : $"existing entitlement '{entitlement.Id ?? entitlement.Related}'";

        private static void Describe(PartnerSignupResult result, SignupOrganization? organization, SignupEntitlement? entitlement)
        {
            result.OrganizationName ??= organization?.Name;
            result.EntitlementExternalId ??= entitlement?.ExternalId;
            result.EntitlementId ??= entitlement?.Id;
        }

        /// <summary>
        /// What an earlier run made for this row: its entitlement (by external id, or by id for a reference) already linked
        /// to an organization. The partner's entitlements are read once per call (the list has no external-id filter).
        /// </summary>
        private async Task<RowOutcome?> ExistingAsync(CcApiClient client, SignupEntitlement entitlement, bool linked, CancellationToken token)
        {
            // Started by the first row on the pipeline thread; every later row awaits the same read.
            _existing ??= Index(client, token);
            var index = await _existing.ConfigureAwait(false);
            var key = entitlement.ExternalId != null ? "x:" + entitlement.ExternalId : "i:" + (entitlement.Id ?? Entitlements.IdFromUrl(entitlement.Related, "entitlements"));
            return index.TryGetValue(key, out var found) ? await FromEntitlementAsync(client, found, null, linked, token).ConfigureAwait(false) : null;
        }

        private static async Task<Dictionary<string, Entitlement>> Index(CcApiClient client, CancellationToken token)
        {
            var index = new Dictionary<string, Entitlement>(StringComparer.Ordinal);
            foreach (var e in await client.Entitlements.ListAllAsync(token).ConfigureAwait(false))
            {
                if (e.ExternalId != null) index["x:" + e.ExternalId] = e;
                if (e.Id != null) index["i:" + e.Id] = e;
            }
            return index;
        }

        /// <summary>A 409 names what exists (Location): the entitlement, or for a link the organization the token names.</summary>
        private static async Task<RowOutcome?> ExistingAfterConflictAsync(CcApiClient client, CcApiException conflict, SignupEntitlement entitlement, bool linked, CancellationToken token)
        {
            if (Entitlements.IdFromUrl(conflict.Location, "organizations") is { } organizationId)
                return await FromOrganizationAsync(client, organizationId, entitlement, linked, token).ConfigureAwait(false);
            var entitlementId = Entitlements.IdFromUrl(conflict.Location, "entitlements");
            if (entitlementId == null) return null;
            var found = await client.Entitlements.GetAsync(entitlementId, token).ConfigureAwait(false);
            return await FromEntitlementAsync(client, found.Value, entitlement, linked, token).ConfigureAwait(false);
        }

        private static async Task<RowOutcome?> FromEntitlementAsync(CcApiClient client, Entitlement found, SignupEntitlement? given, bool linked, CancellationToken token)
        {
            var organizationId = found.Organization?.Id ?? Entitlements.IdFromUrl(found.Organization?.Related, "organizations");
            if (organizationId == null) return null; // created but not used yet: the signup itself still has to happen
            return await FromOrganizationAsync(client, organizationId, given ?? new SignupEntitlement { ExternalId = found.ExternalId, Id = found.Id }, linked, token,
                found).ConfigureAwait(false);
        }

        private static async Task<RowOutcome> FromOrganizationAsync(CcApiClient client, string organizationId, SignupEntitlement entitlement, bool linked,
            CancellationToken token, Entitlement? found = null)
        {
            var organization = await client.Organizations.GetAsync(organizationId, token).ConfigureAwait(false);
            return RowOutcome.Success(new PartnerSignupResult
            {
                OrganizationId = organization.Value.Id ?? organizationId,
                SsoUrl = organization.Value.SsoUrl,
                OrganizationName = organization.Value.Name,
                EntitlementExternalId = found?.ExternalId ?? entitlement.ExternalId,
                EntitlementId = found?.Id ?? entitlement.Id,
                Linked = linked,
                AlreadyExisted = true,
                RequestId = organization.RequestId,
            });
        }
    }
}
