using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Capture;

/// <summary>
/// Unpacks a capture tarball (.tar, .tar.gz, .tgz) into a new temporary folder. The tar reader is the runtime's own
/// System.Formats.Tar, which PowerShell 7 has (.NET 7 and later); Windows PowerShell 5.1 asks for the folder.
/// </summary>
internal static class CaptureTarball
{
    public static bool IsTarball(string path) =>
        path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the capture folder inside the unpacked tarball (its single top-level folder, or the root).</summary>
    public static string Extract(string tarball, string destination)
    {
        Type? tarFile = Type.GetType("System.Formats.Tar.TarFile, System.Formats.Tar", throwOnError: false);
        MethodInfo? extract = tarFile?.GetMethod("ExtractToDirectory", new[] { typeof(Stream), typeof(string), typeof(bool) });
        if (extract is null)
        {
            throw new SimException(FailureKind.InvalidCapture,
                $"Reading '{tarball}' needs PowerShell 7 (System.Formats.Tar); unpack it with tar and give the folder instead.", tarball);
        }

        Directory.CreateDirectory(destination);
        using (Stream file = File.OpenRead(tarball))
        using (Stream tar = tarball.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? file : new GZipStream(file, CompressionMode.Decompress))
        {
            try
            {
                extract.Invoke(null, new object[] { tar, destination, false });
            }
            catch (TargetInvocationException e) when (e.InnerException is InvalidDataException or IOException or FormatException)
            {
                throw new SimException(FailureKind.InvalidCapture, $"'{tarball}' is not a readable tarball: {e.InnerException.Message}", tarball);
            }
            catch (InvalidDataException e)
            {
                throw new SimException(FailureKind.InvalidCapture, $"'{tarball}' is not a readable tarball: {e.Message}", tarball);
            }
        }

        string[] folders = Directory.GetDirectories(destination);
        return folders.Length == 1 && Directory.GetFiles(destination).Length == 0 ? folders.Single() : destination;
    }
}
