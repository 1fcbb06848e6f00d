using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>iam/v2 invitations. A create is looked up by email after an unclear failure, and resent only when not found.</summary>
    public sealed class Invitations
    {
        private const string Path = "/iam/v2/invitations";
        private readonly JsonTransport _transport;

        internal Invitations(JsonTransport transport) => _transport = transport;

        /// <summary>
        /// POST /iam/v2/invitations (<see cref="ResendPolicy.LookUpThenResend"/>). With <paramref name="skipExisting"/> a 409
        /// returns the existing invitation marked <see cref="InvitationResult.AlreadyExisted"/>.
        /// </summary>
        public async Task<InvitationResult> CreateAsync(Checked<CreateInvitationRequest> request, bool skipExisting, CancellationToken cancellationToken)
        {
            var email = request.Request.Email!;
            try
            {
                var created = await _transport.CreateAsync(Path, request, CcJsonContext.Default.CreateInvitationRequest, CcJsonContext.Default.Invitation,
                    ResendPolicy.LookUpThenResend, cancellationToken, token => FindByEmailAsync(email, token), $"Inviting {email}").ConfigureAwait(false);
                return new InvitationResult(created.Value, created.RequestId, alreadyExisted: false);
            }
            catch (CcApiException ex) when (ex.StatusCode == 409 && skipExisting)
            {
                var existing = await FindByEmailAsync(email, cancellationToken).ConfigureAwait(false);
                if (existing != null) return new InvitationResult(existing.Value, existing.RequestId, alreadyExisted: true);
                throw;
            }
            catch (CcOutcomeUnknownException ex)
            {
                throw ex.About("invitation", new Dictionary<string, string> { ["email"] = email }, ex.Message);
            }
        }

        /// <inheritdoc cref="CreateAsync(Checked{CreateInvitationRequest}, bool, CancellationToken)"/>
        public Task<InvitationResult> CreateAsync(CreateInvitationRequest request, bool skipExisting, CancellationToken cancellationToken) =>
            CreateAsync(ContractValidator.Check(request), skipExisting, cancellationToken);

        /// <summary>The invitation for an email, or null. Uses the list filter, which is an exact match.</summary>
        public async Task<ApiResult<Invitation>?> FindByEmailAsync(string email, CancellationToken cancellationToken)
        {
            var page = await _transport.GetAsync(JsonTransport.WithQuery(Path, ("email", email.Trim())), CcJsonContext.Default.InvitationList, cancellationToken).ConfigureAwait(false);
            foreach (var invitation in page.Value.Data ?? new List<Invitation>())
                if (string.Equals(invitation.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
                    return new ApiResult<Invitation>(invitation, page.RequestId);
            return null;
        }

        /// <summary>GET /iam/v2/invitations, every page, one page per request as it is read.</summary>
        public AsyncCursor<ApiResult<Invitation>> List(Checked<InvitationFilter> filter, CancellationToken cancellationToken)
        {
            var f = filter.OrThrow();
            var first = JsonTransport.WithQuery(Path, ("page_size", (f.PageSize ?? InvitationFilter.MaximumPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("email", f.Email), ("status", f.Status), ("user", f.User), ("creator", f.Creator));
            return _transport.List(first, CcJsonContext.Default.InvitationList, page => page.Data, page => page.Metadata?.Next, cancellationToken);
        }

        /// <inheritdoc cref="List(Checked{InvitationFilter}, CancellationToken)"/>
        public AsyncCursor<ApiResult<Invitation>> List(InvitationFilter filter, CancellationToken cancellationToken) =>
            List(ContractValidator.Check(filter), cancellationToken);

        /// <summary>
        /// The organization id, read from an invitation's <c>metadata.resource_name</c>
        /// (<c>crn://confluent.cloud/organization=&lt;id&gt;/invitation=...</c>); null when the organization has no invitation.
        /// </summary>
        public async Task<string?> FindOrganizationIdAsync(CancellationToken cancellationToken)
        {
            var page = await _transport.GetAsync(JsonTransport.WithQuery(Path, ("page_size", "1")), CcJsonContext.Default.InvitationList, cancellationToken).ConfigureAwait(false);
            foreach (var invitation in page.Value.Data ?? new List<Invitation>())
                if (Crn.OrganizationId(invitation.Metadata?.ResourceName) is { } id) return id;
            return null;
        }

        public Task<ApiResult<Invitation>> GetAsync(string id, CancellationToken cancellationToken) =>
            _transport.GetAsync(Path + "/" + Uri.EscapeDataString(id), CcJsonContext.Default.Invitation, cancellationToken);

        /// <summary>DELETE /iam/v2/invitations/{id}; returns the answer's request id.</summary>
        public Task<string?> DeleteAsync(string id, CancellationToken cancellationToken) =>
            _transport.DeleteAsync(Path + "/" + Uri.EscapeDataString(id), cancellationToken);
    }
}

namespace ConfluentPartner.Client
{
    public sealed partial class CcApiClient
    {
        private Resources.Invitations? _invitations;

        /// <summary>iam/v2/invitations.</summary>
        public Resources.Invitations Invitations => _invitations ??= new Resources.Invitations(Transport);
    }
}
