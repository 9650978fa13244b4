pub struct BuildOptions; pub struct BuildReport; pub fn build(){}
