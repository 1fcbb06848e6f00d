using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;

namespace ConfluentPartner.Client
{
    public sealed class ApiResult<T>
    {
        public ApiResult(T value, string? requestId) { Value = value; RequestId = requestId; }
        public T Value { get; }
        public string? RequestId { get; }
    }

    public sealed class InvitationResult
    {
        public InvitationResult(Invitation invitation, string? requestId, bool alreadyExisted)
        {
            Invitation = invitation; RequestId = requestId; AlreadyExisted = alreadyExisted;
        }
        public Invitation Invitation { get; }
        public string? RequestId { get; }
        /// <summary>The invitation was there before this request (409 with skip-existing, or found after an unclear failure).</summary>
        public bool AlreadyExisted { get; }
    }

    /// <summary>The Confluent Cloud API as plain C#: no PowerShell in here.</summary>
    public sealed class CcApiClient
    {
        private readonly CcPipeline _pipeline;
        private readonly CcClientOptions _options;

        public CcApiClient(CcClientOptions options)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            CcClientOptions.ValidateBaseUri(options.BaseUri);
            var credential = options.Credential ?? throw new ArgumentException("A credential is required.", nameof(options));
            _pipeline = new CcPipeline(options, credential);
        }

        public CcClientOptions Options => _options;
        public RequestPacer Pacer => _pipeline.Pacer;

        /// <summary>
        /// Makes the credential ready without calling the API: an OAuth client fetches its token (which checks the
        /// client id and secret); an API key or a bearer token has nothing to fetch.
        /// </summary>
        public Task AuthenticateAsync(CancellationToken cancellationToken) => _pipeline.AuthenticateAsync(cancellationToken);

        // ---- iam/v2 invitations ----

        /// <summary>
        /// POST /iam/v2/invitations. When the outcome of the POST is unknown (timeout, reset, 500) the invitation
        /// is looked up by email before anything is resent. With <paramref name="skipExisting"/> a 409 returns the
        /// existing invitation marked <see cref="InvitationResult.AlreadyExisted"/>.
        /// </summary>
        public async Task<InvitationResult> CreateInvitationAsync(CreateInvitationRequest request, bool skipExisting, CancellationToken cancellationToken)
        {
            ThrowIfInvalid(ContractValidator.Validate(request));
            var attempts = 0;
            while (true)
            {
                try
                {
                    var created = await SendJsonAsync(HttpMethod.Post, "/iam/v2/invitations", request, CcJsonContext.Default.CreateInvitationRequest,
                        CcJsonContext.Default.Invitation, cancellationToken).ConfigureAwait(false);
                    return new InvitationResult(created.Value, created.RequestId, alreadyExisted: false);
                }
                catch (CcApiException ex) when (ex.StatusCode == 409 && skipExisting)
                {
                    var existing = await FindInvitationByEmailAsync(request.Email!, cancellationToken).ConfigureAwait(false);
                    if (existing != null) return new InvitationResult(existing.Value, existing.RequestId, alreadyExisted: true);
                    throw;
                }
                catch (CcOutcomeUnknownException ex)
                {
                    _options.Log.Warning($"Inviting {request.Email}: {ex.Message} Checking whether the invitation exists before trying again.");
                    var existing = await FindInvitationByEmailAsync(request.Email!, cancellationToken).ConfigureAwait(false);
                    if (existing != null)
                    {
                        _options.Log.Verbose($"Inviting {request.Email}: the invitation {existing.Value.Id} exists; not sending it again.");
                        return new InvitationResult(existing.Value, existing.RequestId, alreadyExisted: false);
                    }
                    if (++attempts > _options.MaximumRetryCount) throw;
                    // Backing off (with jitter) keeps a retried row from falling into step with a failing server.
                    await _pipeline.BackoffAsync(attempts, $"Inviting {request.Email}: no invitation exists, so the request was not processed; sending it again",
                        cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>The invitation for an email, or null. Uses the list filter, which is an exact match.</summary>
        public async Task<ApiResult<Invitation>?> FindInvitationByEmailAsync(string email, CancellationToken cancellationToken)
        {
            var page = await SendAsync(HttpMethod.Get, "/iam/v2/invitations?email=" + Uri.EscapeDataString(email.Trim()), null,
                CcJsonContext.Default.InvitationList, cancellationToken).ConfigureAwait(false);
            foreach (var invitation in page.Value.Data ?? new List<Invitation>())
                if (string.Equals(invitation.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
                    return new ApiResult<Invitation>(invitation, page.RequestId);
            return null;
        }

        /// <summary>GET /iam/v2/invitations, following <c>metadata.next</c> until the last page, one page per request as it is read.</summary>
        public AsyncCursor<ApiResult<Invitation>> ListInvitations(InvitationFilter filter, CancellationToken cancellationToken)
        {
            ThrowIfInvalid(ContractValidator.Validate(filter));
            var query = new StringBuilder("/iam/v2/invitations?page_size=").Append(filter.PageSize ?? InvitationFilter.MaximumPageSize);
            AppendQuery(query, "email", filter.Email);
            AppendQuery(query, "status", filter.Status);
            AppendQuery(query, "user", filter.User);
            AppendQuery(query, "creator", filter.Creator);
            return new AsyncCursor<ApiResult<Invitation>>(query.ToString(), async (path, token) =>
            {
                var page = await SendAsync(HttpMethod.Get, path, null, CcJsonContext.Default.InvitationList, token).ConfigureAwait(false);
                var items = new List<ApiResult<Invitation>>();
                foreach (var invitation in page.Value.Data ?? new List<Invitation>()) items.Add(new ApiResult<Invitation>(invitation, page.RequestId));
                return (items, NextPage(page.Value.Metadata?.Next));
            }, cancellationToken);
        }

        public Task<ApiResult<Invitation>> GetInvitationAsync(string id, CancellationToken cancellationToken) =>
            SendAsync(HttpMethod.Get, "/iam/v2/invitations/" + Uri.EscapeDataString(id), null, CcJsonContext.Default.Invitation, cancellationToken);

        public async Task<string?> DeleteInvitationAsync(string id, CancellationToken cancellationToken)
        {
            var response = await _pipeline.SendAsync(HttpMethod.Delete, "/iam/v2/invitations/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false);
            return response.RequestId;
        }

        // ---- partner/v2 signup ----

        /// <summary>
        /// POST /partner/v2/signup (with <paramref name="dryRun"/>: <c>?dry_run=true</c>, which only validates).
        /// A signup is never resent after an unclear failure: the exception says what to check before a re-run.
        /// </summary>
        public async Task<ApiResult<PartnerSignupResponse>> SignupAsync(PartnerSignupRequest request, bool dryRun, CancellationToken cancellationToken)
        {
            ThrowIfInvalid(ContractValidator.Validate(request));
            try
            {
                // A dry run creates nothing, so it may be resent after a 504; a real signup may not.
                return await SendJsonAsync(HttpMethod.Post, dryRun ? "/partner/v2/signup?dry_run=true" : "/partner/v2/signup", request,
                    CcJsonContext.Default.PartnerSignupRequest, CcJsonContext.Default.PartnerSignupResponse, cancellationToken,
                    resendAfterGatewayTimeout: dryRun).ConfigureAwait(false);
            }
            catch (CcOutcomeUnknownException ex) when (dryRun)
            {
                var unknown = new CcOutcomeUnknownException($"The dry run for organization '{request.Organization?.Name}' got no clear answer: {ex.Message}",
                    ex.StatusCode, ex.RequestId, ex);
                unknown.Errors[0].Resolution = "A dry run creates nothing: run the test again.";
                throw unknown;
            }
            catch (CcOutcomeUnknownException ex)
            {
                throw OutcomeUnknown(ex, $"The signup of organization '{request.Organization?.Name}' ({DescribeEntitlement(request.Entitlement)}) may or may not have happened.",
                    $"Before re-running this row, check whether the organization '{request.Organization?.Name}' and {DescribeEntitlement(request.Entitlement)} exist " +
                    "(partner portal, or GET /partner/v2/entitlements). If the signup went through, a re-run fails with 409 'already exists' instead of creating a second organization.");
            }
            catch (CcApiException ex) when (ex.StatusCode == 409)
            {
                Recommend(ex, $"{Capitalize(DescribeEntitlement(request.Entitlement))} is already signed up{(ex.Location != null ? " (" + ex.Location + ")" : "")}: " +
                    "this customer was probably signed up before. Nothing was created. Use a new external id for a new customer, or Complete-CcPartnerSignup if only the user is missing.");
                throw;
            }
        }

        /// <summary>POST /partner/v2/signup/activate: adds the first user to an organization signed up without one.</summary>
        public async Task<ApiResult<PartnerSignupResponse>> ActivateSignupAsync(ActivatePartnerSignupRequest request, CancellationToken cancellationToken)
        {
            ThrowIfInvalid(ContractValidator.Validate(request));
            try
            {
                return await SendJsonAsync(HttpMethod.Post, "/partner/v2/signup/activate", request,
                    CcJsonContext.Default.ActivatePartnerSignupRequest, CcJsonContext.Default.PartnerSignupResponse, cancellationToken,
                    resendAfterGatewayTimeout: false).ConfigureAwait(false);
            }
            catch (CcOutcomeUnknownException ex)
            {
                throw OutcomeUnknown(ex, $"The activation of organization '{request.OrganizationId}' with user {request.User?.Email} may or may not have happened.",
                    $"Check whether user {request.User?.Email} exists in organization '{request.OrganizationId}' before re-running; " +
                    "if the activation went through, a re-run fails with 409 'already complete' and changes nothing.");
            }
            catch (CcApiException ex) when (ex.StatusCode == 409)
            {
                Recommend(ex, $"The signup of organization '{request.OrganizationId}' is already complete (it has its user); nothing was changed.");
                throw;
            }
        }

        private static CcOutcomeUnknownException OutcomeUnknown(CcOutcomeUnknownException ex, string what, string resolution)
        {
            var unknown = new CcOutcomeUnknownException($"{what} {ex.Message} It was not sent again, so that nothing is created twice.",
                ex.StatusCode, ex.RequestId, ex);
            unknown.Errors[0].Resolution = resolution;
            return unknown;
        }

        private static void Recommend(CcApiException ex, string resolution)
        {
            foreach (var error in ex.Errors)
                if (string.IsNullOrEmpty(error.Resolution)) error.Resolution = resolution;
        }

        private static string DescribeEntitlement(SignupEntitlement? entitlement) =>
            entitlement == null ? "no entitlement"
            : !string.IsNullOrEmpty(entitlement.ExternalId) ? $"the entitlement with external id '{entitlement.ExternalId}'"
            : $"the entitlement '{entitlement.Id ?? entitlement.Related}'";

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);

        /// <summary>Sends a raw JSON body without client-side validation. For contract tests that must reach the server with bad input.</summary>
        public async Task<(int Status, string Body, string? RequestId)> SendRawAsync(HttpMethod method, string pathAndQuery, string? json, CancellationToken cancellationToken)
        {
            var body = json == null ? null : Encoding.UTF8.GetBytes(json);
            var response = await _pipeline.SendAsync(method, pathAndQuery, body, cancellationToken).ConfigureAwait(false);
            return (response.Status, response.Body, response.RequestId);
        }

        // ---- plumbing ----

        private Task<ApiResult<TResponse>> SendJsonAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body,
            JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, bool resendAfterGatewayTimeout = true)
        {
            return SendAsync(method, path, JsonSerializer.SerializeToUtf8Bytes(body, requestType), responseType, cancellationToken, resendAfterGatewayTimeout);
        }

        private async Task<ApiResult<TResponse>> SendAsync<TResponse>(HttpMethod method, string path, byte[]? jsonBody,
            JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken, bool resendAfterGatewayTimeout = true)
        {
            var response = await _pipeline.SendAsync(method, path, jsonBody, cancellationToken, resendAfterGatewayTimeout).ConfigureAwait(false);
            TResponse? value;
            try
            {
                value = JsonSerializer.Deserialize(response.Body, responseType);
            }
            catch (JsonException ex)
            {
                var detail = $"{method} {path} answered HTTP {response.Status} with a body that is not the expected JSON ({ex.Message}).";
                if (method == HttpMethod.Post) throw new CcOutcomeUnknownException(detail + " The request may have been processed.", response.Status, response.RequestId, ex);
                throw new CcApiException(response.Status, response.RequestId, new[] { new CcApiError { Code = "invalid_response", Detail = detail } }, detail, ex);
            }
            if (value == null)
            {
                var detail = $"{method} {path} answered HTTP {response.Status} with an empty body.";
                throw new CcApiException(response.Status, response.RequestId, new[] { new CcApiError { Code = "invalid_response", Detail = detail } }, detail);
            }
            return new ApiResult<TResponse>(value, response.RequestId);
        }

        private static void ThrowIfInvalid(IReadOnlyList<CcApiError> errors)
        {
            if (errors.Count > 0) throw CcApiException.Validation(errors);
        }

        private static void AppendQuery(StringBuilder query, string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
        }

        /// <summary>The contract's paging links are absolute URLs; only their path and query are followed, on our base URI.</summary>
        private static string? NextPage(string? next)
        {
            if (string.IsNullOrEmpty(next)) return null;
            return Uri.TryCreate(next, UriKind.Absolute, out var uri) ? uri.PathAndQuery : next;
        }
    }
}
