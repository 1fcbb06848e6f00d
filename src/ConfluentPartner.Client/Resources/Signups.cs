using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>
    /// partner/v2 signup. A signup and its activation are <see cref="ResendPolicy.NeverResend"/>: after an unclear failure the
    /// exception says what to check (<see cref="CcOutcomeUnknownException.ResourceKind"/> and <see cref="CcOutcomeUnknownException.Keys"/>).
    /// A dry run creates nothing and is <see cref="ResendPolicy.Idempotent"/>.
    /// </summary>
    public sealed class Signups
    {
        private readonly JsonTransport _transport;

        internal Signups(JsonTransport transport) => _transport = transport;

        /// <summary>POST /partner/v2/signup: creates the organization, its entitlement (or links one) and, when given, its first user.</summary>
        public Task<ApiResult<PartnerSignupResponse>> CreateAsync(Checked<PartnerSignupRequest> request, CancellationToken cancellationToken) =>
            SendAsync(request, "/partner/v2/signup", ResendPolicy.NeverResend, "signup", "may or may not have happened", cancellationToken);

        /// <summary>POST /partner/v2/signup?dry_run=true: the API's own check of a signup; creates nothing.</summary>
        public Task<ApiResult<PartnerSignupResponse>> DryRunAsync(Checked<PartnerSignupRequest> request, CancellationToken cancellationToken) =>
            SendAsync(request, "/partner/v2/signup?dry_run=true", ResendPolicy.Idempotent, "signup dry run", "got no clear answer", cancellationToken);

        /// <summary>POST /partner/v2/signup/activate: adds the first user to an organization signed up without one.</summary>
        public async Task<ApiResult<PartnerSignupResponse>> ActivateAsync(Checked<ActivatePartnerSignupRequest> request, CancellationToken cancellationToken)
        {
            var r = request.Request;
            try
            {
                return await _transport.CreateAsync("/partner/v2/signup/activate", request, CcJsonContext.Default.ActivatePartnerSignupRequest,
                    CcJsonContext.Default.PartnerSignupResponse, ResendPolicy.NeverResend, cancellationToken).ConfigureAwait(false);
            }
            catch (CcOutcomeUnknownException ex)
            {
                throw ex.About("signup activation", Keys(("organization_id", r.OrganizationId), ("email", r.User?.Email)),
                    $"The activation of organization '{r.OrganizationId}' with user {r.User?.Email} may or may not have happened. {ex.Message} {NotResent}");
            }
        }

        /// <summary>
        /// POST /partner/v2/signup/link: links the existing organization the token names to the entitlement (details or reference).
        /// <see cref="ResendPolicy.NeverResend"/>; the token appears in no message.
        /// </summary>
        public Task<ApiResult<PartnerSignupResponse>> LinkAsync(Checked<PartnerLinkRequest> request, CancellationToken cancellationToken) =>
            SendLinkAsync(request, "/partner/v2/signup/link", ResendPolicy.NeverResend, cancellationToken);

        /// <summary>POST /partner/v2/signup/link?dry_run=true: the API's own check of a link; creates nothing.</summary>
        public Task<ApiResult<PartnerSignupResponse>> LinkDryRunAsync(Checked<PartnerLinkRequest> request, CancellationToken cancellationToken) =>
            SendLinkAsync(request, "/partner/v2/signup/link?dry_run=true", ResendPolicy.Idempotent, cancellationToken);

        private async Task<ApiResult<PartnerSignupResponse>> SendLinkAsync(Checked<PartnerLinkRequest> request, string path, ResendPolicy policy, CancellationToken cancellationToken)
        {
            var r = request.Request;
            try
            {
                return await _transport.CreateAsync(path, request, CcJsonContext.Default.PartnerLinkRequest, CcJsonContext.Default.PartnerSignupResponse,
                    policy, cancellationToken).ConfigureAwait(false);
            }
            catch (CcOutcomeUnknownException ex)
            {
                var entitlement = r.Entitlement;
                var keys = CustomerKeys(r.Organization, entitlement);
                var what = policy == ResendPolicy.NeverResend
                    ? $"The link of an existing organization{(r.Organization?.Name != null ? " ('" + r.Organization.Name + "')" : "")} to {Describe(entitlement)} may or may not have happened. {ex.Message} {NotResent}"
                    : $"The link dry run got no clear answer: {ex.Message}";
                throw ex.About(policy == ResendPolicy.NeverResend ? "signup link" : "signup link dry run", keys, what);
            }
        }

        /// <inheritdoc cref="CreateAsync(Checked{PartnerSignupRequest}, CancellationToken)"/>
        public Task<ApiResult<PartnerSignupResponse>> CreateAsync(PartnerSignupRequest request, CancellationToken cancellationToken) =>
            CreateAsync(ContractValidator.Check(request), cancellationToken);

        /// <inheritdoc cref="DryRunAsync(Checked{PartnerSignupRequest}, CancellationToken)"/>
        public Task<ApiResult<PartnerSignupResponse>> DryRunAsync(PartnerSignupRequest request, CancellationToken cancellationToken) =>
            DryRunAsync(ContractValidator.Check(request), cancellationToken);

        /// <inheritdoc cref="ActivateAsync(Checked{ActivatePartnerSignupRequest}, CancellationToken)"/>
        public Task<ApiResult<PartnerSignupResponse>> ActivateAsync(ActivatePartnerSignupRequest request, CancellationToken cancellationToken) =>
            ActivateAsync(ContractValidator.Check(request), cancellationToken);

        private const string NotResent = "It was not sent again, so that nothing is created twice.";

        private async Task<ApiResult<PartnerSignupResponse>> SendAsync(Checked<PartnerSignupRequest> request, string path, ResendPolicy policy,
            string kind, string happened, CancellationToken cancellationToken)
        {
            var r = request.Request;
            try
            {
                return await _transport.CreateAsync(path, request, CcJsonContext.Default.PartnerSignupRequest, CcJsonContext.Default.PartnerSignupResponse,
                    policy, cancellationToken).ConfigureAwait(false);
            }
            catch (CcOutcomeUnknownException ex)
            {
                var entitlement = r.Entitlement;
                var keys = CustomerKeys(r.Organization, entitlement);
                var what = policy == ResendPolicy.NeverResend
                    ? $"The signup of organization '{r.Organization?.Name}' ({Describe(entitlement)}) {happened}. {ex.Message} {NotResent}"
                    : $"The dry run for organization '{r.Organization?.Name}' {happened}: {ex.Message}";
                throw ex.About(kind, keys, what);
            }
        }

        /// <summary>The entitlement in words: by external id for new details, else by id or URL.</summary>
        public static string Describe(SignupEntitlement? entitlement) =>
            entitlement == null ? "no entitlement"
            : !string.IsNullOrEmpty(entitlement.ExternalId) ? $"the entitlement with external id '{entitlement.ExternalId}'"
            : $"the entitlement '{entitlement.Id ?? entitlement.Related}'";

        /// <summary>What identifies the customer of a signup or link, for an outcome the caller has to check.</summary>
        private static IReadOnlyDictionary<string, string> CustomerKeys(SignupOrganization? organization, SignupEntitlement? entitlement) =>
            Keys(("organization_name", organization?.Name), ("entitlement_external_id", entitlement?.ExternalId),
                ("entitlement_id", entitlement?.Id ?? entitlement?.Related));

        private static IReadOnlyDictionary<string, string> Keys(params (string Name, string? Value)[] keys)
        {
            var map = new Dictionary<string, string>();
            foreach (var (name, value) in keys)
                if (!string.IsNullOrEmpty(value)) map[name] = value!;
            return map;
        }
    }
}

namespace ConfluentPartner.Client
{
    public sealed partial class CcApiClient
    {
        private Resources.Signups? _signups;

        /// <summary>partner/v2/signup, signup/link and signup/activate.</summary>
        public Resources.Signups Signups => _signups ??= new Resources.Signups(Transport);
    }
}
