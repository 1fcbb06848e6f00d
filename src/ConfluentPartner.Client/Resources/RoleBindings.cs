using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Client.Validation;

namespace ConfluentPartner.Client.Resources
{
    /// <summary>
    /// iam/v2 role bindings (API key only). A binding is identified by principal + role + CRN pattern: a create whose
    /// outcome is unclear is looked up by exactly those three before anything is sent again.
    /// </summary>
    public sealed class RoleBindings
    {
        private const string Path = "/iam/v2/role-bindings";
        private readonly JsonTransport _transport;

        internal RoleBindings(JsonTransport transport) => _transport = transport;

        /// <summary>GET /iam/v2/role-bindings, every page, one page per request as it is read. The CRN filter is a partial search.</summary>
        public AsyncCursor<ApiResult<RoleBinding>> List(Checked<RoleBindingFilter> filter, CancellationToken cancellationToken)
        {
            var f = filter.OrThrow();
            var first = JsonTransport.WithQuery(Path, ("crn_pattern", f.CrnPattern), ("principal", f.Principal), ("role_name", f.RoleName),
                ("page_size", (f.PageSize ?? RoleBindingFilter.MaximumPageSize).ToString(CultureInfo.InvariantCulture)));
            var followed = new HashSet<string>(StringComparer.Ordinal);
            // A link already followed ends the list: a server that repeats its next link would otherwise page forever.
            return _transport.List(first, CcJsonContext.Default.RoleBindingList, page => page.Data,
                page => KeepFilters(page.Metadata?.Next, ("crn_pattern", f.CrnPattern), ("principal", f.Principal), ("role_name", f.RoleName)) is { } next
                    && followed.Add(next) ? next : null, cancellationToken);
        }

        /// <summary>
        /// A next-page link with the list's filters: the spec requires <c>crn_pattern</c> on every request, and a link that
        /// carries only a page token (as the spec's own example does) would break it. Filters the link has are left alone.
        /// </summary>
        private static string? KeepFilters(string? next, params (string Name, string? Value)[] filters)
        {
            if (string.IsNullOrEmpty(next)) return null;
            var link = new StringBuilder(next);
            var query = next!.IndexOf('?') < 0 ? "" : next.Substring(next.IndexOf('?'));
            foreach (var (name, value) in filters)
            {
                if (value == null || query.IndexOf("?" + name + "=", StringComparison.Ordinal) >= 0 || query.IndexOf("&" + name + "=", StringComparison.Ordinal) >= 0) continue;
                link.Append(link.ToString().IndexOf('?') < 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
            return link.ToString();
        }

        /// <inheritdoc cref="List(Checked{RoleBindingFilter}, CancellationToken)"/>
        public AsyncCursor<ApiResult<RoleBinding>> List(RoleBindingFilter filter, CancellationToken cancellationToken) =>
            List(ContractValidator.Check(filter), cancellationToken);

        /// <summary>
        /// The binding of exactly this principal, role and CRN pattern, or null. The list filter is a partial search (it also
        /// returns bindings below the scope), so the CRN pattern is compared here.
        /// </summary>
        public async Task<ApiResult<RoleBinding>?> FindAsync(CreateRoleBindingRequest binding, CancellationToken cancellationToken)
        {
            var bindings = List(new RoleBindingFilter { CrnPattern = binding.CrnPattern, Principal = binding.Principal, RoleName = binding.RoleName }, cancellationToken);
            while (await bindings.MoveNextAsync().ConfigureAwait(false))
            {
                var b = bindings.Current.Value;
                if (string.Equals(b.CrnPattern, binding.CrnPattern, StringComparison.Ordinal) && string.Equals(b.Principal, binding.Principal, StringComparison.Ordinal)
                    && string.Equals(b.RoleName, binding.RoleName, StringComparison.Ordinal))
                    return bindings.Current;
            }
            return null;
        }

        /// <summary>
        /// POST /iam/v2/role-bindings (<see cref="ResendPolicy.LookUpThenResend"/>, looked up by principal, role and exact CRN
        /// pattern). With <paramref name="skipExisting"/> a 409 returns the existing binding marked as such.
        /// </summary>
        public async Task<RoleBindingResult> CreateAsync(Checked<CreateRoleBindingRequest> request, bool skipExisting, CancellationToken cancellationToken)
        {
            var binding = request.Request;
            try
            {
                var created = await _transport.CreateAsync(Path, request, CcJsonContext.Default.CreateRoleBindingRequest, CcJsonContext.Default.RoleBinding,
                    ResendPolicy.LookUpThenResend, cancellationToken, token => FindAsync(binding, token), $"Binding {binding}").ConfigureAwait(false);
                return new RoleBindingResult(created.Value, created.RequestId, alreadyExisted: false);
            }
            catch (CcApiException ex) when (ex.StatusCode == 409 && skipExisting)
            {
                var existing = await FindAsync(binding, cancellationToken).ConfigureAwait(false);
                if (existing != null) return new RoleBindingResult(existing.Value, existing.RequestId, alreadyExisted: true);
                throw;
            }
            catch (CcOutcomeUnknownException ex)
            {
                throw ex.About("role binding", new Dictionary<string, string>
                {
                    ["principal"] = binding.Principal ?? "", ["role_name"] = binding.RoleName ?? "", ["crn_pattern"] = binding.CrnPattern ?? "",
                }, ex.Message);
            }
        }

        /// <summary>
        /// The binding when it exists already (looked up first, exact CRN pattern), else created: a re-run creates only what is
        /// missing. A 409 from a concurrent create counts as existing.
        /// </summary>
        public async Task<RoleBindingResult> EnsureAsync(Checked<CreateRoleBindingRequest> request, CancellationToken cancellationToken)
        {
            var existing = await FindAsync(request.OrThrow(), cancellationToken).ConfigureAwait(false);
            if (existing != null) return new RoleBindingResult(existing.Value, existing.RequestId, alreadyExisted: true);
            return await CreateAsync(request, skipExisting: true, cancellationToken).ConfigureAwait(false);
        }

        public Task<ApiResult<RoleBinding>> GetAsync(string id, CancellationToken cancellationToken) =>
            _transport.GetAsync(Path + "/" + Uri.EscapeDataString(id), CcJsonContext.Default.RoleBinding, cancellationToken);

        /// <summary>DELETE /iam/v2/role-bindings/{id}; the spec answers 200 with the deleted binding. Returns the answer's request id.</summary>
        public Task<string?> DeleteAsync(string id, CancellationToken cancellationToken) =>
            _transport.DeleteAsync(Path + "/" + Uri.EscapeDataString(id), cancellationToken);
    }
}

namespace ConfluentPartner.Client
{
    public sealed partial class CcApiClient
    {
        private Resources.RoleBindings? _roleBindings;

        /// <summary>iam/v2/role-bindings (API key only).</summary>
        public Resources.RoleBindings RoleBindings => _roleBindings ??= new Resources.RoleBindings(Transport);
    }
}
