package io.lodestone.ops.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "dev" when run from classes. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = LodestoneCommand.class.getPackage().getImplementationVersion();
        return new String[] {"lodestone " + (v != null ? v : "dev") + " (Java " + Runtime.version() + ")"};
    }
}
