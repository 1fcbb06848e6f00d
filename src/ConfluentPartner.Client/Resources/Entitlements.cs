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
    /// <summary>
    /// partner/v2 entitlements. A create is <see cref="ResendPolicy.LookUpThenResend"/>: after an unclear failure it is looked
    /// up by its external id (unique per entitlement) and resent only when not found. The list has no external-id filter,
    /// so a lookup reads the list.
    /// </summary>
    public sealed class Entitlements
    {
        internal const string Path = "/partner/v2/entitlements";
        private readonly JsonTransport _transport;

        internal Entitlements(JsonTransport transport) => _transport = transport;

        /// <summary>GET /partner/v2/entitlements, every page as it is read; only those of one organization when <paramref name="organizationId"/> is given.</summary>
        public AsyncCursor<ApiResult<Entitlement>> List(string? organizationId, CancellationToken cancellationToken) =>
            _transport.List(JsonTransport.WithQuery(Path, ("page_size", "100"), ("organization.id", organizationId)),
                CcJsonContext.Default.EntitlementList, page => page.Data, page => page.Metadata?.Next, cancellationToken);

        /// <summary>GET /partner/v2/entitlements/{id}.</summary>
        public Task<ApiResult<Entitlement>> GetAsync(string id, CancellationToken cancellationToken) =>
            _transport.GetAsync(Path + "/" + Uri.EscapeDataString(id), CcJsonContext.Default.Entitlement, cancellationToken);

        /// <summary>Every entitlement, read page by page into memory (for an index by external id).</summary>
        public async Task<IReadOnlyList<Entitlement>> ListAllAsync(CancellationToken cancellationToken)
        {
            var all = new List<Entitlement>();
            var cursor = List(null, cancellationToken);
            while (await cursor.MoveNextAsync().ConfigureAwait(false)) all.Add(cursor.Current.Value);
            return all;
        }

        /// <summary>The entitlement with this external id, or null.</summary>
        public async Task<ApiResult<Entitlement>?> FindByExternalIdAsync(string externalId, CancellationToken cancellationToken)
        {
            var cursor = List(null, cancellationToken);
            while (await cursor.MoveNextAsync().ConfigureAwait(false))
                if (string.Equals(cursor.Current.Value.ExternalId, externalId, StringComparison.Ordinal)) return cursor.Current;
            return null;
        }

        /// <summary>
        /// POST /partner/v2/entitlements (<see cref="ResendPolicy.LookUpThenResend"/>, by external id). With
        /// <paramref name="skipExisting"/> a 409 returns the existing entitlement (its Location) marked as already existing.
        /// </summary>
        public async Task<CreatedOrExisting<Entitlement>> CreateAsync(Checked<CreateEntitlementRequest> request, bool skipExisting, CancellationToken cancellationToken)
        {
            var externalId = request.Request.ExternalId ?? "";
            try
            {
                var created = await _transport.CreateAsync(Path, request, CcJsonContext.Default.CreateEntitlementRequest, CcJsonContext.Default.Entitlement,
                    ResendPolicy.LookUpThenResend, cancellationToken, token => FindByExternalIdAsync(externalId, token),
                    $"Creating entitlement '{externalId}'").ConfigureAwait(false);
                return new CreatedOrExisting<Entitlement>(created.Value, created.RequestId, alreadyExisted: false);
            }
            catch (CcApiException ex) when (ex.StatusCode == 409 && skipExisting && !(ex is CcOutcomeUnknownException))
            {
                var existing = (IdFromUrl(ex.Location, "entitlements") is { } id ? await GetAsync(id, cancellationToken).ConfigureAwait(false) : null)
                    ?? await FindByExternalIdAsync(externalId, cancellationToken).ConfigureAwait(false);
                if (existing != null) return new CreatedOrExisting<Entitlement>(existing.Value, existing.RequestId, alreadyExisted: true);
                throw;
            }
            catch (CcOutcomeUnknownException ex)
            {
                throw ex.About("entitlement", new Dictionary<string, string> { ["external_id"] = externalId }, ex.Message);
            }
        }

        /// <inheritdoc cref="CreateAsync(Checked{CreateEntitlementRequest}, bool, CancellationToken)"/>
        public Task<CreatedOrExisting<Entitlement>> CreateAsync(CreateEntitlementRequest request, bool skipExisting, CancellationToken cancellationToken) =>
            CreateAsync(ContractValidator.Check(request), skipExisting, cancellationToken);

        /// <summary>The {id} of an API URL …/partner/v2/{collection}/{id} (e.g. a Location header or a reference's related); null for any other.</summary>
        public static string? IdFromUrl(string? url, string collection)
        {
            if (url == null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
            var segments = uri.AbsolutePath.TrimEnd('/').Split('/');
            var n = segments.Length;
            return n >= 2 && segments[n - 2] == collection && segments[n - 1].Length > 0 ? Uri.UnescapeDataString(segments[n - 1]) : null;
        }
    }
}

namespace ConfluentPartner.Client
{
    public sealed partial class CcApiClient
    {
        private Resources.Entitlements? _entitlements;

        /// <summary>partner/v2/entitlements.</summary>
        public Resources.Entitlements Entitlements => _entitlements ??= new Resources.Entitlements(Transport);
    }
}
