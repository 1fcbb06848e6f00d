using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace ConfluentPartner.Isolation
{
    /// <summary>
    /// Windows PowerShell 5.1: .NET Framework has one load context per AppDomain, so isolation means answering
    /// AppDomain.AssemblyResolve, which is raised only after the normal probe (GAC, powershell.exe's folder, the
    /// requesting assembly's folder) has failed, for our dependency names with our own files. We stay out of other
    /// modules' way: a name we do not ship, a version newer than ours, or a request from an assembly outside this
    /// module gets no answer from us.
    /// </summary>
    internal static class NetFrameworkDependencyResolver
    {
        private static string _dependencyDirectory = "";
        private static string _moduleDirectory = "";

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Register(string dependencyDirectory)
        {
            _dependencyDirectory = Path.GetFullPath(dependencyDirectory);
            _moduleDirectory = Path.GetDirectoryName(_dependencyDirectory) ?? _dependencyDirectory;
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Unregister() => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            if (!IsOurs(args.RequestingAssembly)) return null;
            var requested = new AssemblyName(args.Name);
            var path = DependencyIsolation.FileFor(_dependencyDirectory, requested);
            if (path == null) return null;
            var shipped = AssemblyName.GetAssemblyName(path);
            if (requested.Version != null && shipped.Version != null && shipped.Version < requested.Version) return null;
            return Assembly.LoadFrom(path);
        }

        /// <summary>
        /// Requests from this module's own assemblies, or from no assembly in particular (Assembly.Load by name).
        /// An assembly without a location (loaded from bytes) cannot be told apart, so it is answered too.
        /// </summary>
        private static bool IsOurs(Assembly? requesting)
        {
            if (requesting == null) return true;
            string location;
            try
            {
                location = requesting.Location;
            }
            catch (NotSupportedException)
            {
                return false; // dynamic assemblies are never ours
            }
            return string.IsNullOrEmpty(location)
                || location.StartsWith(_moduleDirectory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase);
        }
    }
}
