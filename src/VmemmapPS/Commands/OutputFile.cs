using System;
using System.IO;
using System.Management.Automation;
using System.Text;

namespace VmemmapPS.Commands;

/// <summary>How the Export- cmdlets write their one file, like Export-Csv: -Force creates a missing folder and replaces a read-only file.</summary>
internal static class OutputFile
{
    /// <summary>Writes the file (a failure becomes the non-terminating error <paramref name="failed"/> builds) and emits it with -PassThru.</summary>
    public static void WriteAndEmit(Cmdlet cmdlet, string file, string text, bool force, bool passThru, Func<Exception, string, ErrorRecord> failed)
    {
        try
        {
            Write(file, text, force);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteError(failed(e, file));
            return;
        }

        if (passThru)
        {
            cmdlet.WriteObject(new FileInfo(file));
        }
    }

    public static void Write(string file, string text, bool force)
    {
        string? folder = Path.GetDirectoryName(file);
        if (force && !string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
        }

        if (force && File.Exists(file))
        {
            var info = new FileInfo(file);
            if (info.IsReadOnly)
            {
                info.IsReadOnly = false;
            }
        }

        // UTF-8 without a BOM and '\n' line ends: the same bytes on every OS, so exported files diff cleanly in git.
        File.WriteAllText(file, text, new UTF8Encoding(false));
    }
}
